package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentCodingTest {
    private static final Set<String> BOTH = Set.of("gzip", "br");
    private static final Set<String> GZIP_ONLY = Set.of("gzip");

    @Test
    void negotiationTakesTheHighestWeightAndBrotliOnATie() {
        assertEquals("br", ContentCoding.negotiate("gzip, deflate, br", BOTH));
        assertEquals("gzip", ContentCoding.negotiate("gzip, deflate, br", GZIP_ONLY));
        assertEquals("gzip", ContentCoding.negotiate("br;q=0.5, gzip", BOTH));
        assertEquals("gzip", ContentCoding.negotiate("X-GZIP", BOTH));
        assertEquals("br", ContentCoding.negotiate("*", BOTH));
        assertEquals("gzip", ContentCoding.negotiate("*, br;q=0", BOTH));
        assertEquals("identity", ContentCoding.negotiate("deflate, zstd", BOTH));
        assertEquals("identity", ContentCoding.negotiate("gzip;q=0", BOTH));
        assertEquals("identity", ContentCoding.negotiate("", BOTH));
        assertEquals("identity", ContentCoding.negotiate(null, BOTH), "absent: CDNs send identity");
        assertEquals("identity", ContentCoding.negotiate("gzip;q=oops", BOTH));
    }

    @Test
    void onlyCompressibleUnencodedBodiesOfEnoughBytesAreCompressed() {
        assertTrue(ContentCoding.compressible(200, h("content-type", "application/json; charset=utf-8"), 1000));
        assertTrue(ContentCoding.compressible(200, h("content-type", "text/html"), 1000));
        assertTrue(ContentCoding.compressible(404, h("content-type", "application/problem+json"), 1000));
        assertTrue(ContentCoding.compressible(200, h("content-type", "image/svg+xml", "content-encoding", "identity"),
                1000));
        assertFalse(ContentCoding.compressible(200, h("content-type", "image/png"), 1000));
        assertFalse(ContentCoding.compressible(200, h("content-type", "text/html"), ContentCoding.MIN_BYTES - 1));
        assertFalse(ContentCoding.compressible(200, h("content-type", "text/html", "content-encoding", "gzip"), 1000),
                "already encoded: never compressed twice");
        assertFalse(ContentCoding.compressible(200, h("content-type", "text/html", "cache-control",
                "max-age=60, No-Transform"), 1000));
        assertFalse(ContentCoding.compressible(206, h("content-type", "text/html"), 1000));
        assertFalse(ContentCoding.compressible(200, h(), 1000), "no type: unknown content");
    }

    @Test
    void aPlanVariesForEveryoneAndEncodesForThoseWhoAccept() {
        var html = h("content-type", "text/html");
        assertEquals(new ContentCoding.Plan(true, "gzip"), ContentCoding.plan("gzip", 200, html, 1000, BOTH));
        assertEquals(new ContentCoding.Plan(true, null), ContentCoding.plan(null, 200, html, 1000, BOTH));
        assertEquals(ContentCoding.Plan.AS_IS, ContentCoding.plan("gzip", 200, h("content-type", "image/png"), 1000,
                BOTH));
    }

    @Test
    void anEncodedCopyHasItsOwnEntityTag() {
        assertEquals("\"v1-gzip\"", ContentCoding.etag("\"v1\"", "gzip"));
        assertEquals("W/\"v1-br\"", ContentCoding.etag("W/\"v1\"", "br"));
        assertEquals("garbage", ContentCoding.etag("garbage", "br"));
        assertNull(ContentCoding.etag(null, "gzip"));
    }

    @Test
    void varyGainsAcceptEncodingOnce() {
        assertEquals("Accept-Encoding", ContentCoding.withAcceptEncoding(null));
        assertEquals("Accept-Language, Accept-Encoding", ContentCoding.withAcceptEncoding("Accept-Language"));
        assertEquals("accept-encoding", ContentCoding.withAcceptEncoding("accept-encoding"));
    }

    @Test
    void requestsSelectingTheSameCodingShareAVariant() {
        var names = VaryKey.names("Accept-Encoding");
        String a = VaryKey.variant(names, h("accept-encoding", "gzip, deflate"));
        String b = VaryKey.variant(names, h("accept-encoding", "gzip"));
        String identity = VaryKey.variant(names, h("accept-encoding", "deflate"));
        assertEquals(a, b);
        assertFalse(a.equals(identity));
    }

    @Test
    void gzipRoundTrips() throws Exception {
        byte[] body = "x".repeat(5000).getBytes();
        byte[] gz = Compressor.encode("gzip", body);
        assertTrue(gz.length < body.length / 10);
        assertEquals(new String(body), new String(new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(gz)).readAllBytes()));
    }

    private static java.util.function.Function<String, String> h(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m::get;
    }
}
