package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's parsers only: no servers, milliseconds. */
class ParsersTest {

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsKeepAliveResponsesWithLengthAndChunkedBodies() throws IOException {
        InputStream in = in("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Cache: HIT\r\n\r\nhello"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Cache: MISS\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\nConnection: close\r\n\r\n");
        byte[] skip = new byte[4];
        StringBuilder line = new StringBuilder();
        RawHttp.Response a = RawHttp.parse(in, false, true, skip, line);
        assertEquals(200, a.status());
        assertEquals("HIT", a.xCache());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), a.body());
        RawHttp.Response b = RawHttp.parse(in, false, false, skip, line);
        assertEquals("MISS", b.header("X-Cache"));
        assertEquals(5, b.bodyBytes());
        RawHttp.Response c = RawHttp.parse(in, false, false, skip, line);
        assertEquals(304, c.status());
        assertEquals(true, c.close());
        assertEquals("-", c.xCache());
    }

    @Test
    void headResponseHasNoBodyAndTruncatedBodyFails() throws IOException {
        InputStream in = in("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        assertEquals(0, RawHttp.parse(in, true, false, new byte[8], new StringBuilder()).bodyBytes());
        assertThrows(IOException.class, () -> RawHttp.parse(in("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
                false, false, new byte[8], new StringBuilder()));
    }

    @Test
    void readsWrkLatencyReport() {
        String out = """
                Running 15s test @ http://127.0.0.1:5001/api/content/1
                  2 threads and 64 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     5.01ms    2.10ms  48.00ms   80.00%
                    Req/Sec     6.50k   400.00    7.10k    70.00%
                  Latency Distribution
                     50%    4.52ms
                     75%    5.90ms
                     90%  812.00us
                     99%    1.02s
                  194000 requests in 15.01s, 250.00MB read
                  Non-2xx or 3xx responses: 3
                Requests/sec:  12925.38
                Transfer/sec:     16.66MB
                """;
        Wrk.Result r = Wrk.parse(out);
        assertEquals(12925.38, r.requestsPerSecond(), 1e-9);
        assertEquals(194000, r.requests());
        assertEquals(4520, r.p50Micros());
        assertEquals(812, r.p90Micros());
        assertEquals(1_020_000, r.p99Micros());
        assertEquals(3, r.non2xx());
        assertEquals("none", r.socketErrors());
        assertEquals("wrk -t2 -c64 -d15s --latency http://x/",
                Wrk.display(Wrk.command("/usr/bin/wrk", 2, 64, 15, "http://x/")));
    }

    @Test
    void writesAndReadsResp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Resp.write(out, "SET", "e:/a", new byte[] {1, 2}, "PX", 10L);
        assertEquals("*5\r\n$3\r\nSET\r\n$4\r\ne:/a\r\n$2\r\n\u0001\u0002\r\n$2\r\nPX\r\n$2\r\n10\r\n",
                out.toString(StandardCharsets.ISO_8859_1));
        InputStream in = in("+OK\r\n:42\r\n$-1\r\n*2\r\n$3\r\nabc\r\n:7\r\n-ERR nope\r\n");
        assertEquals("OK", Resp.read(in));
        assertEquals(42L, Resp.read(in));
        assertEquals(null, Resp.read(in));
        List<?> list = (List<?>) Resp.read(in);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), (byte[]) list.get(0));
        assertEquals(7L, list.get(1));
        assertThrows(Resp.RedisError.class, () -> Resp.read(in));
        assertEquals("1024", Resp.infoField("# Memory\r\nused_memory:1024\r\nused_memory_human:1K\r\n", "used_memory"));
    }

    @Test
    void percentilesAreNearestRank() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        Stats s = Stats.of(v, 100);
        assertEquals(50, s.percentile(50));
        assertEquals(99, s.percentile(99));
        assertEquals(100, s.max());
        assertEquals(0, Stats.of(new long[0], 0).percentile(99));
    }

    @Test
    void histogramPercentileUsesTheDeltaBetweenScrapes() {
        Map<String, Double> before = Map.of("count", 10.0, "le=0.001", 10.0, "le=0.005", 10.0, "le=+Inf", 10.0);
        Map<String, Double> after = Map.of("count", 110.0, "le=0.001", 10.0, "le=0.005", 108.0, "le=+Inf", 110.0);
        assertEquals("> last bucket", Bench.bucketPercentile(before, after, 0.99));
        assertEquals("≤ 5 ms", Bench.bucketPercentile(before, after, 0.90));
        assertEquals("n/a", Bench.bucketPercentile(after, after, 0.5));
    }
}
