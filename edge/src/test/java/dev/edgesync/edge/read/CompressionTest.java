package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.RawOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, compression as CDNs do it, over HTTP in front of a {@link RawOrigin}: one stored copy per coding,
 * {@code Vary: Accept-Encoding}, distinct ETags, what the origin encoded passed through. The JDK client is used
 * because it never decodes bodies itself (rest-assured would).
 */
@QuarkusTest
@TestProfile(WireCornersTest.Raw.class)
class CompressionTest extends EdgeTestSupport {
    static final RawOrigin RAW = RawOrigin.get();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String JSON = "{\"items\":[" + "{\"id\":1,\"title\":\"an item of the catalogue\"},".repeat(60)
            + "{\"id\":0}]}";

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    private static String any(String name) {
        return "/compression-" + RUN + "/" + name;
    }

    private static byte[] json(String etag, String cacheControl, String... more) {
        List<String> headers = new java.util.ArrayList<>(List.of("Date: " + HttpDate.format(System.currentTimeMillis()),
                "Content-Type: application/json", "Cache-Control: " + cacheControl, "ETag: " + etag));
        headers.addAll(List.of(more));
        return RawOrigin.response("200 OK", headers, JSON.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<byte[]> fetch(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static String gunzip(byte[] b) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCompressibleResponseIsStoredOncePerCodingWithItsOwnEntityTag() throws IOException {
        String p = any("catalogue");
        RawOrigin.Script origin = RAW.answer(p, json("\"v1\"", "max-age=60"));

        HttpResponse<byte[]> gzip = fetch(p, "Accept-Encoding", "gzip, deflate");
        assertEquals(200, gzip.statusCode());
        assertEquals("gzip", header(gzip, "Content-Encoding"));
        assertEquals("\"v1-gzip\"", header(gzip, "ETag"));
        assertTrue(header(gzip, "Vary").toLowerCase().contains("accept-encoding"), header(gzip, "Vary"));
        assertEquals(JSON, gunzip(gzip.body()));
        assertTrue(gzip.body().length < JSON.length() / 4, gzip.body().length + " bytes");
        assertEquals("gzip", origin.lastRequestHeaders.get("accept-encoding"), "the origin is asked for the variant's coding");

        HttpResponse<byte[]> sameCoding = fetch(p, "Accept-Encoding", "gzip");
        assertEquals("HIT", header(sameCoding, "X-Cache"));
        assertArrayEquals(gzip.body(), sameCoding.body());

        HttpResponse<byte[]> identity = fetch(p);
        assertEquals("MISS", header(identity, "X-Cache"), "another coding, another copy");
        assertEquals(null, header(identity, "Content-Encoding"));
        assertEquals("\"v1\"", header(identity, "ETag"));
        assertTrue(header(identity, "Vary").toLowerCase().contains("accept-encoding"));
        assertEquals(JSON, new String(identity.body(), StandardCharsets.UTF_8));
        assertEquals("HIT", header(fetch(p), "X-Cache"));

        if (Brotli4jLoader.isAvailable()) {
            HttpResponse<byte[]> br = fetch(p, "Accept-Encoding", "gzip, deflate, br");
            assertEquals("br", header(br, "Content-Encoding"));
            assertEquals("\"v1-br\"", header(br, "ETag"));
            assertEquals(JSON, new String(Decoder.decompress(br.body()).getDecompressedData(), StandardCharsets.UTF_8));
            assertEquals(3, origin.reads());
        } else {
            assertEquals(2, origin.reads());
        }
        assertEquals("HIT", header(fetch(p, "Accept-Encoding", "x-gzip"), "X-Cache"));

        HttpResponse<byte[]> notModified = fetch(p, "Accept-Encoding", "gzip", "If-None-Match", "\"v1-gzip\"");
        assertEquals(304, notModified.statusCode());
        assertEquals(200, fetch(p, "Accept-Encoding", "gzip", "If-None-Match", "\"v1\"").statusCode(),
                "the identity copy's tag does not validate the gzip copy");
    }

    @Test
    void aCompressedCopyIsRevalidatedWithTheOriginsTagAndKeepsItsOwn() {
        String p = any("revalidated");
        RawOrigin.Script origin = RAW.answer(p, json("\"v1\"", "max-age=1"));
        assertEquals("gzip", header(fetch(p, "Accept-Encoding", "gzip"), "Content-Encoding"));
        sleep(1100);
        RawOrigin.Script notModified = RAW.answer(p, RawOrigin.response("304 Not Modified",
                List.of("Date: " + HttpDate.format(System.currentTimeMillis()), "Cache-Control: max-age=60",
                        "ETag: \"v1\""), new byte[0]));
        HttpResponse<byte[]> r = fetch(p, "Accept-Encoding", "gzip");
        assertEquals("REVALIDATED", header(r, "X-Cache"));
        assertEquals("\"v1\"", notModified.lastRequestHeaders.get("if-none-match"));
        assertEquals("gzip", header(r, "Content-Encoding"));
        assertEquals("\"v1-gzip\"", header(r, "ETag"));
        assertTrue(header(r, "Vary").toLowerCase().contains("accept-encoding"));
        assertEquals(JSON, gunzip(r.body()));
        assertEquals(1, origin.reads());
    }

    @Test
    void whatTheOriginEncodedIsPassedThroughAndNeverCompressedTwice() {
        String p = any("origin-encoded");
        byte[] gz = WireCornersTest.gzip(JSON);
        RawOrigin.Script origin = RAW.answer(p, RawOrigin.response("200 OK", List.of(
                "Date: " + HttpDate.format(System.currentTimeMillis()), "Content-Type: application/json",
                "Cache-Control: max-age=60", "Content-Encoding: gzip", "Vary: Accept-Encoding", "ETag: \"o1\""), gz));
        HttpResponse<byte[]> miss = fetch(p, "Accept-Encoding", "gzip");
        assertArrayEquals(gz, miss.body());
        assertEquals(List.of("gzip"), miss.headers().allValues("Content-Encoding"));
        assertEquals("\"o1\"", header(miss, "ETag"));
        HttpResponse<byte[]> hit = fetch(p, "Accept-Encoding", "gzip");
        assertEquals("HIT", header(hit, "X-Cache"));
        assertArrayEquals(gz, hit.body());
        assertEquals(1, origin.reads());
    }

    @Test
    void incompressibleTinyOrNoTransformResponsesAreLeftAlone() {
        String image = any("image");
        RAW.answer(image, RawOrigin.response("200 OK", List.of("Content-Type: image/png", "Cache-Control: max-age=60"),
                new byte[4096]));
        HttpResponse<byte[]> png = fetch(image, "Accept-Encoding", "gzip");
        assertEquals(null, header(png, "Content-Encoding"));
        assertEquals(null, header(png, "Vary"));
        assertEquals(4096, png.body().length);

        String fixed = any("no-transform");
        RAW.answer(fixed, json("\"n1\"", "max-age=60, no-transform"));
        HttpResponse<byte[]> r = fetch(fixed, "Accept-Encoding", "gzip");
        assertEquals(null, header(r, "Content-Encoding"));
        assertEquals(JSON, new String(r.body(), StandardCharsets.UTF_8));
    }
}
