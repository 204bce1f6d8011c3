package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryFactoryTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void buildsAnEntryFromAnOriginResponse() {
        Map<String, String> h = Map.of("cache-control", "public, s-maxage=60, stale-while-revalidate=10",
                "etag", "\"4-2\"", "x-content-version", "2", "surrogate-key", "content-4 content-list",
                "content-type", "application/json", "set-cookie", "a=b", "x-custom", "kept");
        SetCookieRules before = SetCookieRules.active();
        CacheEntry e;
        CacheEntry rfc;
        try {
            // as shipped: edgesync.cache.set-cookie."/api/"=shared-only; any other path stores the cookie (RFC 9111)
            SetCookieRules.install(SetCookieRules.of(Map.of("/api/", "shared-only")));
            e = EntryFactory.fromOrigin("/api/content/4", 200, h, "{}".getBytes(), HOUR, 1000).orElseThrow();
            rfc = EntryFactory.fromOrigin("/site/4", 200, h, "{}".getBytes(), HOUR, 1000).orElseThrow();
        } finally {
            SetCookieRules.install(before);
        }
        assertEquals("a=b", rfc.headers().get("set-cookie"));
        assertEquals(2, e.version());
        assertEquals("\"4-2\"", e.etag());
        assertEquals(List.of("content-4", "content-list"), e.tags());
        assertEquals(61_000, e.freshUntil());
        assertEquals(71_000, e.staleUntil());
        assertFalse(e.headers().containsKey("surrogate-key"));
        assertFalse(e.headers().containsKey("set-cookie"));
        assertEquals("application/json", e.headers().get("content-type"));
        assertEquals("kept", e.headers().get("x-custom"));
        assertEquals(HttpDate.format(1000), e.headers().get("date"));
    }

    @Test
    void noStoreIsNotStored() {
        Map<String, String> h = Map.of("cache-control", "no-store");
        assertTrue(EntryFactory.fromOrigin("/x", 200, h, new byte[0], HOUR, 0).isEmpty());
    }

    @Test
    void hopByHopAndPrivateFieldsAreNotStored() {
        Map<String, String> h = Map.of("cache-control", "max-age=60, private=\"x-user\"", "connection", "x-hop",
                "x-hop", "1", "keep-alive", "timeout=5", "proxy-foo", "2", "x-user", "alice", "x-other", "3");
        CacheEntry e = EntryFactory.fromOrigin("/x", 200, h, new byte[0], HOUR, 0).orElseThrow();
        assertEquals(Map.of("cache-control", "max-age=60, private=\"x-user\"", "x-other", "3", "date",
                HttpDate.format(0)), e.headers());
    }

    @Test
    void upstreamAgeShortensTheRemainingFreshness() {
        Map<String, String> h = Map.of("cache-control", "max-age=100", "age", "30");
        CacheEntry e = EntryFactory.fromOrigin("/x", 200, h, new byte[0], HOUR, 10_000, 10_500, n -> null)
                .orElseThrow();
        assertEquals(30_500, e.initialAgeMs());
        assertEquals(10_500 + 100_000 - 30_500, e.freshUntil());
        assertEquals(30, e.ageSeconds(10_500));
        assertEquals(40, e.ageSeconds(20_500));
        assertFalse(e.headers().containsKey("age"));
    }

    @Test
    void varyingResponsesRecordTheirVariant() {
        Map<String, String> h = Map.of("cache-control", "max-age=60", "vary", "Accept-Encoding");
        CacheEntry gzip = EntryFactory.fromOrigin("/x", 200, h, new byte[0], HOUR, 0, 0,
                n -> n.equals("accept-encoding") ? "gzip" : null).orElseThrow();
        CacheEntry plain = EntryFactory.fromOrigin("/x", 200, h, new byte[0], HOUR, 0, 0, n -> null).orElseThrow();
        assertEquals(List.of("accept-encoding"), gzip.vary());
        assertNotEquals(gzip.variant(), plain.variant());
        assertEquals(CacheKey.variantKey("/x", gzip.variant()), gzip.variantKey());
        assertEquals(gzip.tokens(), plain.tokens());
    }

    @Test
    void authorizedRequestsAreStoredOnlyWhenTheResponseAllowsIt() {
        Map<String, String> plain = Map.of("cache-control", "max-age=60");
        Map<String, String> shared = Map.of("cache-control", "s-maxage=60");
        assertTrue(EntryFactory.fromOrigin("/x", 200, plain, new byte[0], HOUR, 0, 0,
                n -> n.equals("authorization") ? "Bearer x" : null).isEmpty());
        assertTrue(EntryFactory.fromOrigin("/x", 200, shared, new byte[0], HOUR, 0, 0,
                n -> n.equals("authorization") ? "Bearer x" : null).isPresent());
    }

    @Test
    void a304KeepsTheBodyAndRefreshesLifetimeAndHeaders() {
        Map<String, String> h = Map.of("cache-control", "s-maxage=60", "etag", "\"4-2\"", "x-content-version", "2",
                "content-type", "application/json", "x-a", "old");
        CacheEntry stored = EntryFactory.fromOrigin("/api/content/4", 200, h, "body".getBytes(), HOUR, 0)
                .orElseThrow();
        Map<String, String> notModified = Map.of("cache-control", "s-maxage=120", "x-a", "new", "content-type",
                "text/plain", "content-length", "0");
        CacheEntry refreshed = EntryFactory.revalidated(stored, notModified, HOUR, 500_000).orElseThrow();
        assertArrayEquals("body".getBytes(), refreshed.body());
        assertEquals(500_000, refreshed.storedAt());
        assertEquals(620_000, refreshed.freshUntil());
        assertEquals(2, refreshed.version());
        assertEquals("\"4-2\"", refreshed.etag());
        assertEquals("new", refreshed.headers().get("x-a"));
        assertEquals("application/json", refreshed.headers().get("content-type"));
        assertFalse(refreshed.headers().containsKey("content-length"));
        assertEquals(HttpDate.format(500_000), refreshed.headers().get("date"));
    }

    @Test
    void a304SayingNoStoreIsNotStored() {
        Map<String, String> h = Map.of("cache-control", "s-maxage=60");
        CacheEntry stored = EntryFactory.fromOrigin("/x", 200, h, new byte[0], HOUR, 0).orElseThrow();
        assertTrue(EntryFactory.revalidated(stored, Map.of("cache-control", "no-store"), HOUR, 1000).isEmpty());
    }

    @Test
    void versionHeaderParsing() {
        assertEquals(0, EntryFactory.version(null));
        assertEquals(0, EntryFactory.version("x"));
        assertEquals(0, EntryFactory.version("-3"));
        assertEquals(12, EntryFactory.version(" 12 "));
    }

    @Test
    void snapshotRecordsEveryToken() {
        Map<String, String> h = Map.of("cache-control", "s-maxage=60", "surrogate-key", "t1");
        CacheEntry e = EntryFactory.fromOrigin("/a/b", 200, h, new byte[0], HOUR, 0).orElseThrow();
        CacheEntry snap = EntryFactory.withSnapshot(e,
                new TokenState(Map.of("tag:t1", 9L), Map.of("prefix:/a/", 4L), 0, 0), true);
        // the entry's own path is a prefix token too: a prefix purge of /a/b covers it
        assertEquals(Map.of("key:/a/b", 0L, "prefix:/", 0L, "prefix:/a/", 0L, "prefix:/a/b", 0L, "tag:t1", 9L),
                snap.hardSnapshot());
        assertEquals(4L, snap.softSnapshot().get("prefix:/a/"));
        assertTrue(snap.markedStale());
    }
    @Test
    void aCompressibleResponseIsStoredEncodedForTheRequestsCodingWithItsOwnTag() {
        Map<String, String> h = Map.of("cache-control", "max-age=60", "etag", "\"v1\"", "content-type", "text/html");
        byte[] body = "<p>hello</p>".repeat(100).getBytes();
        CacheEntry gzip = EntryFactory.fromOrigin("/x", 200, h, body, HOUR, 0, 0,
                n -> n.equals("accept-encoding") ? "gzip, deflate" : null).orElseThrow();
        assertEquals("gzip", gzip.headers().get("content-encoding"));
        assertEquals("\"v1-gzip\"", gzip.headers().get("etag"));
        assertEquals("\"v1\"", gzip.etag(), "the origin's validator, for revalidation");
        assertEquals(List.of("accept-encoding"), gzip.vary());
        assertEquals("Accept-Encoding", gzip.headers().get("vary"));
        assertTrue(gzip.body().length < body.length / 5);
        assertEquals(VaryKey.variant(gzip.vary(), n -> "gzip"), gzip.variant());

        CacheEntry identity = EntryFactory.fromOrigin("/x", 200, h, body, HOUR, 0, 0, n -> null).orElseThrow();
        assertArrayEquals(body, identity.body());
        assertEquals("\"v1\"", identity.headers().get("etag"));
        assertEquals(List.of("accept-encoding"), identity.vary());
        assertNotEquals(gzip.variant(), identity.variant());

        CacheEntry refreshed = EntryFactory.revalidated(gzip, Map.of("etag", "\"v1\"", "cache-control", "max-age=30",
                "vary", "Origin"), HOUR, 1000).orElseThrow();
        assertEquals("\"v1-gzip\"", refreshed.headers().get("etag"));
        assertEquals("\"v1\"", refreshed.etag());
        assertEquals("gzip", refreshed.headers().get("content-encoding"));
        assertEquals("Origin, Accept-Encoding", refreshed.headers().get("vary"));
        assertArrayEquals(gzip.body(), refreshed.body());
    }
}
