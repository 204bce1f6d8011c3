package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreshnessPolicyTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void ttlIsSMaxAgeAndStaleWindowIsStaleWhileRevalidate() {
        FreshnessPolicy.Lifetime l = FreshnessPolicy
                .lifetime(200, CacheControl.parse("public, s-maxage=30, max-age=5, stale-while-revalidate=60"), HOUR)
                .orElseThrow();
        assertEquals(30_000, l.ttlMs());
        assertEquals(60_000, l.staleWhileRevalidateMs());
        assertEquals(1030_000, l.freshUntil(1000_000));
        assertEquals(1090_000, l.staleUntil(1000_000));
    }

    @Test
    void ttlIsCappedByMaxTtl() {
        FreshnessPolicy.Lifetime l = FreshnessPolicy
                .lifetime(200, CacheControl.parse("s-maxage=86400, stale-while-revalidate=86400"),
                        Duration.ofMinutes(10))
                .orElseThrow();
        assertEquals(600_000, l.ttlMs());
        assertEquals(600_000, l.staleWhileRevalidateMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-store, s-maxage=60", "private, max-age=60", "public", ""})
    void uncacheableDirectivesPassThrough(String header) {
        assertTrue(FreshnessPolicy.lifetime(200, CacheControl.parse(header), HOUR).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 302, 304, 400, 403, 500, 503})
    void uncacheableStatusesPassThrough(int status) {
        assertTrue(FreshnessPolicy.lifetime(status, CacheControl.parse("s-maxage=60"), HOUR).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 203, 204, 300, 301, 404, 410})
    void cacheableStatusesAreStored(int status) {
        assertTrue(FreshnessPolicy.lifetime(status, CacheControl.parse("s-maxage=60"), HOUR).isPresent());
    }

    @Test
    void noCacheIsStoredButNeverFresh() {
        FreshnessPolicy.Lifetime l = FreshnessPolicy
                .lifetime(200, CacheControl.parse("no-cache, max-age=60"), HOUR).orElseThrow();
        assertEquals(0, l.ttlMs());
    }
}
