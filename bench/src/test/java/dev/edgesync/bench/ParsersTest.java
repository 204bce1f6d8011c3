package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
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
    void percentilesComeFromAnHdrHistogram() {
        java.util.List<Long> v = new java.util.ArrayList<>();
        for (long i = 100; i >= 1; i--) {
            v.add(i);
        }
        org.HdrHistogram.Histogram h = Figures.histogram(v);
        assertEquals(50, h.getValueAtPercentile(50));
        assertEquals(99, h.getValueAtPercentile(99));
        assertEquals(100, h.getMaxValue());
        assertEquals(0, Figures.histogram().getValueAtPercentile(99));
        assertEquals("HIT=2, MISS=1", Figures.tally(List.of("HIT", "MISS", "HIT")));
    }

    @Test
    void readsOneHistogramOfAPrometheusScrape() {
        String scrape = """
                # TYPE edgesync_invalidation_overhead_seconds histogram
                edgesync_invalidation_overhead_seconds_bucket{region="a",le="0.001"} 3
                edgesync_invalidation_overhead_seconds_bucket{region="b",le="0.001"} 2
                edgesync_invalidation_overhead_seconds_bucket{region="a",le="+Inf"} 4
                edgesync_invalidation_overhead_seconds_count{region="a"} 4
                edgesync_invalidation_overhead_seconds_sum{region="a"} 0.5
                edgesync_invalidation_overhead_other 9
                edgesync_other_seconds_count 7
                """;
        Map<String, Double> h = PrometheusHistogram.parse(scrape, "edgesync_invalidation_overhead_seconds");
        assertEquals(Map.of("le=0.001", 5.0, "le=+Inf", 4.0, "count", 4.0, "sum", 0.5), h);
    }

    @Test
    void appliedEverywhereWhenEveryRegionAcknowledged() throws IOException {
        // as the origin answers GET /api/content/{id}/propagation and GET /api/purge/{id}
        String done = """
                {"status":"completed","regions":{"us-east":{"status":"applied","latencyMs":309},
                 "eu-west":{"status":"applied","latencyMs":302},"ap-south":{"status":"applied","latencyMs":3907}}}""";
        String waiting = """
                {"status":"pending","regions":{"us-east":{"status":"applied","latencyMs":309},
                 "eu-west":{"status":"pending"}}}""";
        String partial = """
                {"status":"partial","regions":{"us-east":{"status":"applied"},"eu-west":{"status":"failed"}}}""";
        assertEquals(true, RunningTopology.appliedEverywhere(dev.edgesync.lab.client.LabHttp.JSON.readTree(done)));
        assertEquals(false, RunningTopology.appliedEverywhere(dev.edgesync.lab.client.LabHttp.JSON.readTree(waiting)));
        assertEquals(false, RunningTopology.appliedEverywhere(dev.edgesync.lab.client.LabHttp.JSON.readTree(partial)));
        assertEquals(false, RunningTopology.appliedEverywhere(dev.edgesync.lab.client.LabHttp.JSON.readTree("{}")));
    }

    @Test
    void histogramPercentileUsesTheDeltaBetweenScrapes() {
        Map<String, Double> before = Map.of("count", 10.0, "le=0.001", 10.0, "le=0.005", 10.0, "le=+Inf", 10.0);
        Map<String, Double> after = Map.of("count", 110.0, "le=0.001", 10.0, "le=0.005", 108.0, "le=+Inf", 110.0);
        assertEquals("> last bucket", PrometheusHistogram.bucketPercentile(before, after, 0.99));
        assertEquals("≤ 5 ms", PrometheusHistogram.bucketPercentile(before, after, 0.90));
        assertEquals("n/a", PrometheusHistogram.bucketPercentile(after, after, 0.5));
    }
}
