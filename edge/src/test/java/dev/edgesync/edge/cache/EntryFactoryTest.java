package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                "content-type", "application/json", "set-cookie", "a=b");
        CacheEntry e = EntryFactory.fromOrigin("/api/content/4", 200, h::get, "{}".getBytes(), HOUR, 1000)
                .orElseThrow();
        assertEquals(2, e.version());
        assertEquals("\"4-2\"", e.etag());
        assertEquals(List.of("content-4", "content-list"), e.tags());
        assertEquals(61_000, e.freshUntil());
        assertEquals(71_000, e.staleUntil());
        assertFalse(e.headers().containsKey("surrogate-key"));
        assertFalse(e.headers().containsKey("set-cookie"));
        assertEquals("application/json", e.headers().get("content-type"));
    }

    @Test
    void noStoreIsNotStored() {
        Map<String, String> h = Map.of("cache-control", "no-store");
        assertTrue(EntryFactory.fromOrigin("/x", 200, h::get, new byte[0], HOUR, 0).isEmpty());
    }

    @Test
    void a304KeepsTheBodyAndRefreshesLifetimeAndHeaders() {
        Map<String, String> h = Map.of("cache-control", "s-maxage=60", "etag", "\"4-2\"", "x-content-version", "2");
        CacheEntry stored = EntryFactory.fromOrigin("/api/content/4", 200, h::get, "body".getBytes(), HOUR, 0)
                .orElseThrow();
        Map<String, String> notModified = Map.of("cache-control", "s-maxage=120");
        CacheEntry refreshed = EntryFactory.revalidated(stored, notModified::get, HOUR, 500_000).orElseThrow();
        assertArrayEquals("body".getBytes(), refreshed.body());
        assertEquals(500_000, refreshed.storedAt());
        assertEquals(620_000, refreshed.freshUntil());
        assertEquals(2, refreshed.version());
        assertEquals("\"4-2\"", refreshed.etag());
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
        CacheEntry e = EntryFactory.fromOrigin("/a/b", 200, h::get, new byte[0], HOUR, 0).orElseThrow();
        CacheEntry snap = EntryFactory.withSnapshot(e,
                new TokenState(Map.of("tag:t1", 9L), Map.of("prefix:/a/", 4L), 0, 0), true);
        assertEquals(Map.of("key:/a/b", 0L, "prefix:/", 0L, "prefix:/a/", 0L, "tag:t1", 9L), snap.hardSnapshot());
        assertEquals(4L, snap.softSnapshot().get("prefix:/a/"));
        assertTrue(snap.markedStale());
    }
}
