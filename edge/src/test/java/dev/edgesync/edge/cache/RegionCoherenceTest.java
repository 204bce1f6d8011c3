package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The currency rule and the change messages of the L1 coherence feed. */
class RegionCoherenceTest {

    @Test
    void currentOnlyWithAHeartbeatBackWithinTheWindow() {
        long window = 100_000_000L;
        assertFalse(RegionCoherence.current(5_000_000_000L, Long.MIN_VALUE, window), "no heartbeat back yet");
        assertTrue(RegionCoherence.current(5_000_000_000L, 4_950_000_000L, window));
        assertTrue(RegionCoherence.current(5_000_000_000L, 4_900_000_000L, window), "exactly the window");
        assertFalse(RegionCoherence.current(5_000_000_001L, 4_900_000_000L, window), "older than the window");
    }

    @Test
    void aChangeMessageDropsWhatItNames() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, java.time.Duration.ofSeconds(30));
        RegionCoherence feed = new RegionCoherence(null, l1, null, null, "redis://127.0.0.1:1",
                java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(20), true, java.time.InstantSource.system());
        l1.put("/s", entry("/s", ""), "s", 0);
        l1.put("/k", entry("/k", "v1"), "s", 0);
        l1.put(CacheKey.variantKey("/k", "v1"), entry("/k", "v1"), "s", 0);
        l1.put("/t", entry("/t", ""), "s", 0);
        l1.put("/other", entry("/other", ""), "s", 0);
        feed.apply(RegionCoherence.message(List.of("/s"), List.of("/k"), List.of(CacheKey.keyToken("/t"))));
        assertNull(l1.get("/s"));
        assertNull(l1.get("/k"));
        assertNull(l1.get(CacheKey.variantKey("/k", "v1")), "a raised minimum version reaches every variant");
        assertNull(l1.get("/t"));
        assertNotNull(l1.get("/other"));
    }

    private static CacheEntry entry(String key, String variant) {
        return new CacheEntry(key, 200, Map.of(), new byte[1], 1, "\"e\"", null, List.of(), 0, 1000, 2000, Map.of(),
                Map.of(), false, 0, variant.isEmpty() ? List.of() : List.of("accept"), variant);
    }
}
