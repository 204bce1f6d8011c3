package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.TokenState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShieldAskTest {
    static final long NOW = 1_800_000_000_000L;
    static final List<String> TOKENS = List.of("key:/a", "tag:t");

    private static TokenState state(long hardMs, long softMs, long mvh, long mvs) {
        return new TokenState(Map.of("tag:t", hardMs * 1000), Map.of("key:/a", softMs * 1000), mvh, mvs);
    }

    @Test
    void minVersionIsTheLargestOfBothMinimaAndTheClientsOwn() {
        assertEquals(7, ShieldAsk.of(state(0, 0, 7, 3), TOKENS, 0, NOW).minVersion());
        assertEquals(9, ShieldAsk.of(state(0, 0, 7, 9), TOKENS, 0, NOW).minVersion());
        assertEquals(12, ShieldAsk.of(state(0, 0, 7, 9), TOKENS, 12, NOW).minVersion());
        assertEquals(-1, ShieldAsk.of(state(0, 0, 0, 0), TOKENS, 0, NOW).maxAgeSeconds(), "never invalidated");
    }

    @Test
    void maxAgeLeavesOutEveryCopyProducedBeforeTheNewestInvalidation() {
        assertEquals(0, ShieldAsk.of(state(NOW - 500, 0, 0, 0), TOKENS, 0, NOW).maxAgeSeconds());
        assertEquals(0, ShieldAsk.of(state(NOW - 2000, 0, 0, 0), TOKENS, 0, NOW).maxAgeSeconds());
        assertEquals(8, ShieldAsk.of(state(NOW - 10_000, NOW - 60_000, 0, 0), TOKENS, 0, NOW).maxAgeSeconds());
        assertEquals(8, ShieldAsk.of(state(NOW - 60_000, NOW - 10_000, 0, 0), TOKENS, 0, NOW).maxAgeSeconds(),
                "soft invalidations count too");
        // a compliant shield answers Age <= max-age: such a copy is never judged older than the invalidation
        for (long ago = 0; ago < 5000; ago += 37) {
            ShieldAsk ask = ShieldAsk.of(state(NOW - ago, 0, 0, 0), TOKENS, 0, NOW);
            assertFalse(ShieldAsk.predatesInvalidation(state(NOW - ago, 0, 0, 0), TOKENS, "HIT",
                    Long.toString(ask.maxAgeSeconds()), NOW) && ask.maxAgeSeconds() > 0, "ago " + ago);
        }
    }

    @Test
    void aCopyTheShieldFetchedForThisRequestIsNewerThanTheFillStart() {
        TokenState justNow = state(NOW - 10, 0, 0, 0);
        assertFalse(ShieldAsk.predatesInvalidation(justNow, TOKENS, "MISS", "0", NOW));
        assertFalse(ShieldAsk.predatesInvalidation(justNow, TOKENS, "REVALIDATED", "0", NOW));
        assertTrue(ShieldAsk.predatesInvalidation(justNow, TOKENS, "HIT", "0", NOW), "Age 0 may be 999 ms");
        assertTrue(ShieldAsk.predatesInvalidation(justNow, TOKENS, null, null, NOW), "not an edge: Age rule");
        assertTrue(ShieldAsk.predatesInvalidation(state(NOW - 30_000, 0, 0, 0), TOKENS, "HIT", "50", NOW));
        assertFalse(ShieldAsk.predatesInvalidation(state(NOW - 60_000, 0, 0, 0), TOKENS, "HIT", "50", NOW));
        assertFalse(ShieldAsk.predatesInvalidation(state(0, 0, 0, 0), TOKENS, "HIT", "5000", NOW));
        assertTrue(ShieldAsk.predatesInvalidation(state(NOW - 60_000, 0, 0, 0), TOKENS, "HIT", "bogus", NOW));
    }

    @Test
    void headersMarkTheTierAndTakeTheSmallerMaxAge() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        new ShieldAsk(4, 10).apply(h, CacheControl.parse("no-transform, max-age=3"), "no-transform, max-age=3",
                null);
        assertEquals(List.of("edge"), h.get("x-edgesync-tier"));
        assertEquals(List.of("4"), h.get("x-edgesync-min-version"));
        assertEquals(List.of("no-transform, max-age=3"), h.get("cache-control"));

        h = new LinkedHashMap<>();
        new ShieldAsk(0, 0).apply(h, CacheControl.parse("max-age=60"), "max-age=60", null);
        assertNull(h.get("x-edgesync-min-version"));
        assertEquals(List.of("max-age=0"), h.get("cache-control"));

        h = new LinkedHashMap<>();
        new ShieldAsk(0, 5).apply(h, CacheControl.NONE, null, "no-cache");
        assertEquals(List.of("no-cache, max-age=5"), h.get("cache-control"), "Pragma: no-cache kept");

        h = new LinkedHashMap<>();
        ShieldAsk.NONE.apply(h, CacheControl.NONE, null, null);
        assertEquals(Map.of("x-edgesync-tier", List.of("edge")), h);
    }
}
