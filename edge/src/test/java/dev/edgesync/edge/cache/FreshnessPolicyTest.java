package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreshnessPolicyTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long NOW = 1_700_000_000_000L;

    private static Optional<FreshnessPolicy.Lifetime> lifetime(int status, String cc, Map<String, String> headers,
            Duration maxTtl) {
        Map<String, String> h = new HashMap<>(headers);
        if (cc != null) {
            h.put("cache-control", cc);
        }
        return FreshnessPolicy.lifetime(status, CacheControl.parse(cc), h::get, NOW, maxTtl);
    }

    private static Optional<FreshnessPolicy.Lifetime> lifetime(int status, String cc) {
        return lifetime(status, cc, Map.of(), HOUR);
    }

    private static String date(long ms) {
        return HttpDate.format(ms);
    }

    @Test
    void ttlIsSMaxAgeAndStaleWindowIsStaleWhileRevalidate() {
        FreshnessPolicy.Lifetime l = lifetime(200, "public, s-maxage=30, max-age=5, stale-while-revalidate=60")
                .orElseThrow();
        assertEquals(30_000, l.ttlMs());
        assertEquals(60_000, l.staleWhileRevalidateMs());
        assertEquals(1030_000, l.freshUntil(1000_000));
        assertEquals(1090_000, l.staleUntil(1000_000));
        assertFalse(l.heuristic());
    }

    @Test
    void ttlIsCappedByMaxTtl() {
        FreshnessPolicy.Lifetime l = lifetime(200, "s-maxage=86400, stale-while-revalidate=86400", Map.of(),
                Duration.ofMinutes(10)).orElseThrow();
        assertEquals(600_000, l.ttlMs());
        assertEquals(600_000, l.staleWhileRevalidateMs());
    }

    @Test
    void maxAgeWhenNoSMaxAge() {
        assertEquals(5_000, lifetime(200, "max-age=5").orElseThrow().ttlMs());
    }

    @Test
    void expiresMinusDateWhenNoMaxAge() {
        Map<String, String> h = Map.of("date", date(NOW - 10_000), "expires", date(NOW + 50_000));
        assertEquals(60_000, lifetime(200, null, h, HOUR).orElseThrow().ttlMs());
    }

    @Test
    void maxAgeWinsOverExpires() {
        Map<String, String> h = Map.of("date", date(NOW), "expires", date(NOW + 500_000));
        assertEquals(7_000, lifetime(200, "max-age=7", h, HOUR).orElseThrow().ttlMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "yesterday", ""})
    void invalidExpiresMeansAlreadyExpired(String expires) {
        FreshnessPolicy.Lifetime l = lifetime(200, null, Map.of("expires", expires), HOUR).orElseThrow();
        assertEquals(0, l.ttlMs());
    }

    @Test
    void expiresInThePastIsZero() {
        Map<String, String> h = Map.of("date", date(NOW), "expires", date(NOW - 60_000));
        assertEquals(0, lifetime(200, null, h, HOUR).orElseThrow().ttlMs());
    }

    @Test
    void heuristicIsTenPercentOfTheTimeSinceLastModified() {
        Map<String, String> h = Map.of("date", date(NOW), "last-modified", date(NOW - 1_000_000));
        FreshnessPolicy.Lifetime l = lifetime(200, null, h, HOUR).orElseThrow();
        assertEquals(100_000, l.ttlMs());
        assertTrue(l.heuristic());
    }

    @Test
    void heuristicIsCappedByMaxTtl() {
        Map<String, String> h = Map.of("date", date(NOW), "last-modified", date(NOW - 365L * 86_400_000));
        assertEquals(3_600_000, lifetime(200, null, h, HOUR).orElseThrow().ttlMs());
    }

    @Test
    void heuristicWithoutLastModifiedIsZero() {
        assertEquals(0, lifetime(200, null).orElseThrow().ttlMs());
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501})
    void heuristicallyCacheableStatusesHaveALifetime(int status) {
        assertTrue(lifetime(status, null).isPresent());
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 202, 302, 303, 307, 400, 403, 409, 500, 503})
    void otherStatusesNeedExplicitFreshness(int status) {
        assertTrue(lifetime(status, null).isEmpty());
        assertTrue(lifetime(status, "s-maxage=60").isPresent());
    }

    @Test
    void publicAllowsHeuristicsForAnyStatus() {
        assertTrue(lifetime(302, "public").isPresent());
    }

    @Test
    void noCacheIsStoredButNeverFresh() {
        FreshnessPolicy.Lifetime l = lifetime(200, "no-cache, max-age=60, stale-while-revalidate=30").orElseThrow();
        assertEquals(0, l.ttlMs());
        assertEquals(0, l.staleWhileRevalidateMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"must-revalidate", "proxy-revalidate"})
    void revalidateDirectivesCloseTheStaleWindows(String directive) {
        FreshnessPolicy.Lifetime l = lifetime(200,
                "max-age=60, stale-while-revalidate=30, stale-if-error=30, " + directive).orElseThrow();
        assertEquals(60_000, l.ttlMs());
        assertEquals(0, l.staleWhileRevalidateMs());
        assertEquals(0, l.staleIfErrorMs());
    }

    @Test
    void staleIfErrorWindow() {
        assertEquals(120_000, lifetime(200, "max-age=1, stale-if-error=120").orElseThrow().staleIfErrorMs());
    }

    @Test
    void initialAgeIsApparentAgeOrUpstreamAgePlusDelay() {
        // apparent age: the response is 20 s old by its Date
        assertEquals(20_000, FreshnessPolicy.initialAgeMs(null, date(NOW - 20_000), NOW - 100, NOW));
        // corrected age value: upstream Age 30 s plus 100 ms response delay
        assertEquals(30_100, FreshnessPolicy.initialAgeMs("30", date(NOW), NOW - 100, NOW));
        // the larger of both
        assertEquals(50_000, FreshnessPolicy.initialAgeMs("30", date(NOW - 50_000), NOW, NOW));
        // a Date in the future is no negative age
        assertEquals(0, FreshnessPolicy.initialAgeMs(null, date(NOW + 60_000), NOW, NOW));
    }

    @Test
    void invalidAgeValuesAreZero() {
        assertEquals(0, FreshnessPolicy.ageSeconds(null));
        assertEquals(0, FreshnessPolicy.ageSeconds("-5"));
        assertEquals(0, FreshnessPolicy.ageSeconds("abc"));
        assertEquals(7, FreshnessPolicy.ageSeconds("7, 9"));
        assertEquals(Integer.MAX_VALUE, FreshnessPolicy.ageSeconds("99999999999999999999"));
    }
}
