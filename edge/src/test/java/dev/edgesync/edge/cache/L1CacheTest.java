package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The L1's bookkeeping: stamps, variants, bounds, expiry, switch. */
class L1CacheTest {

    private static CacheEntry entry(String key, int bodyBytes, String variant) {
        return new CacheEntry(key, 200, Map.of("content-type", "text/plain"), new byte[bodyBytes], 1, "\"e\"", null,
                List.of(), 0, 1000, 2000, Map.of(), Map.of(), false, 0,
                variant.isEmpty() ? List.of() : List.of("accept"), variant);
    }

    @Test
    void keepsEntryWithTheStampItWasReadWith() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofSeconds(30));
        CacheEntry e = entry("/a", 10, "");
        l1.put("/a", e, "s1", 0);
        L1Copy got = l1.get("/a");
        assertNotNull(got);
        assertSame(e, got.entry());
        assertEquals("s1", got.stamp());
        assertNull(l1.get("/b"));
    }

    @Test
    void entryWithoutStampIsNotKept() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofSeconds(30));
        l1.put("/a", entry("/a", 10, ""), null, 0);
        l1.put("/b", entry("/b", 10, ""), "", 0);
        assertNull(l1.get("/a"), "an entry written without a stamp cannot be validated");
        assertNull(l1.get("/b"));
    }

    @Test
    void invalidateKeysDropsTheKeyAndAllItsVariantsOnly() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofSeconds(30));
        l1.put("/a", entry("/a", 1, "v1"), "s", 0);
        l1.put(CacheKey.variantKey("/a", "v1"), entry("/a", 1, "v1"), "s", 0);
        l1.put(CacheKey.variantKey("/a", "v2"), entry("/a", 1, "v2"), "s", 0);
        l1.put("/ab", entry("/ab", 1, ""), "s", 0);
        l1.put(CacheKey.variantKey("/ab", "v1"), entry("/ab", 1, "v1"), "s", 0);
        l1.invalidateKeys(List.of("/a"));
        assertNull(l1.get("/a"));
        assertNull(l1.get(CacheKey.variantKey("/a", "v1")));
        assertNull(l1.get(CacheKey.variantKey("/a", "v2")));
        assertNotNull(l1.get("/ab"), "another key sharing a prefix stays");
        assertNotNull(l1.get(CacheKey.variantKey("/ab", "v1")));
        l1.invalidate("/ab");
        assertNull(l1.get("/ab"));
    }

    @Test
    void boundedByBodyBytes() {
        long max = 64 * 1024;
        L1Cache l1 = L1Cache.standalone(true, max, Duration.ofSeconds(30));
        for (int i = 0; i < 40; i++) {
            l1.put("/k" + i, entry("/k" + i, 4096, ""), "s" + i, 0);
        }
        assertTrue(l1.weightedSize() <= max, "weighted size " + l1.weightedSize() + " within " + max);
        assertTrue(l1.size() < 40, "entries were evicted: " + l1.size());
        assertTrue(l1.size() >= 5, "but the cache still holds what fits: " + l1.size());
        assertTrue(L1Weight.of("/k", new L1Copy(entry("/k", 4096, ""), "s", null)) >= 4096);
    }

    @Test
    void expiresAfterMaxAge() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofMillis(100));
        l1.put("/a", entry("/a", 1, ""), "s", 0);
        assertNotNull(l1.get("/a"));
        sleep(250);
        assertNull(l1.get("/a"));
    }

    @Test
    void disabledKeepsNothing() {
        L1Cache l1 = L1Cache.standalone(false, 1 << 20, Duration.ofSeconds(30));
        assertFalse(l1.enabled());
        l1.put("/a", entry("/a", 1, ""), "s", 0);
        assertNull(l1.get("/a"));
        assertFalse(L1Cache.standalone(true, 0, Duration.ofSeconds(30)).enabled(), "0 bytes switches it off");
        assertFalse(L1Cache.standalone(true, 1024, Duration.ZERO).enabled(), "0 max age switches it off");
    }

    @Test
    void countsHits() {
        L1Cache l1 = L1Cache.standalone(true, 1024, Duration.ofSeconds(1));
        l1.recordHit();
        l1.recordHit();
        assertEquals(2.0, l1.hits());
    }


    private static CacheEntry tagged(String key, String... tags) {
        return new CacheEntry(key, 200, Map.of("content-type", "text/plain"), new byte[1], 1, "\"e\"", null,
                List.of(tags), 0, 1000, 2000, Map.of(), Map.of(), false, 0, List.of(), "");
    }

    @Test
    void tokenInvalidationDropsTheEntriesThatDependOnItOnly() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofSeconds(30));
        l1.put("/a/1", tagged("/a/1", "red"), "s", 0);
        l1.put("/a/2", tagged("/a/2", "blue"), "s", 0);
        l1.put("/b/3", tagged("/b/3", "red"), "s", 0);
        l1.invalidateTokens(List.of(CacheKey.tagToken("red")));
        assertNull(l1.get("/a/1"));
        assertNull(l1.get("/b/3"));
        assertNotNull(l1.get("/a/2"));
        l1.invalidateTokens(List.of(CacheKey.prefixToken("/a/")));
        assertNull(l1.get("/a/2"), "a prefix token reaches the entries under it");
        assertEquals(0, l1.indexSize(), "the reverse index does not outlive the entries");
    }

    @Test
    void anEntryReadBeforeAnInvalidationArrivedIsNotKept() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofSeconds(30));
        long before = l1.epoch("/race");
        l1.invalidateKeys(List.of("/race"));
        assertFalse(l1.put("/race", tagged("/race"), "s", before), "read before the invalidation: may predate it");
        assertNull(l1.get("/race"));

        long beforeTag = l1.epoch("/race");
        l1.invalidateTokens(List.of(CacheKey.tagToken("anything")));
        assertFalse(l1.put("/race", tagged("/race", "t"), "s", beforeTag), "a token message reaches every key");

        long fresh = l1.epoch("/race");
        assertTrue(l1.put("/race", tagged("/race"), "s", fresh));
        assertNotNull(l1.get("/race"));
        assertEquals(0, L1CacheTest.indexLeftFor(l1, "/never-kept"));
    }

    private static int indexLeftFor(L1Cache l1, String key) {
        return l1.get(key) == null ? 0 : 1;
    }

    @Test
    void invalidateAllEmptiesIt() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofSeconds(30));
        l1.put("/a", tagged("/a"), "s", 0);
        l1.put("/b", tagged("/b", "x"), "s", 0);
        long before = l1.epoch("/c");
        l1.invalidateAll();
        assertNull(l1.get("/a"));
        assertNull(l1.get("/b"));
        assertFalse(l1.put("/c", tagged("/c"), "s", before));
        assertEquals(0, l1.indexSize());
    }

    @Test
    void weightCountsWhatTheEntryHoldsNotOnlyItsBody() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            big.append("tag").append(i).append(' ');
        }
        List<String> tags = List.of(big.toString().trim().split(" "));
        CacheEntry heavy = new CacheEntry("/h", 200, Map.of("link", "x".repeat(20_000)), new byte[10], 1, "\"e\"",
                null, tags, 0, 1000, 2000, Map.of(), Map.of(), false, 0, List.of(), "");
        int w = L1Weight.of("/h", new L1Copy(heavy, "s", io.vertx.core.buffer.Buffer.buffer(new byte[10])));
        assertTrue(w > 40_000 + 2000 * 40, "headers, tags and their index nodes count: " + w);
    }

    @Test
    void aRenewedCopyOutlivesItsMaxAgeAndIsClaimedOncePastHalfOfIt() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofMillis(400));
        l1.put("/a", entry("/a", 1, ""), "s", 0);
        L1Copy copy = l1.get("/a");
        long t = copy.loadedAt();
        assertFalse(l1.claimRenewal(copy, t + 100), "not yet half its life");
        assertTrue(l1.claimRenewal(copy, t + 200));
        assertFalse(l1.claimRenewal(copy, t + 250), "claimed once");
        sleep(250);
        assertTrue(l1.renew("/a", copy, l1.epoch("/a"), System.currentTimeMillis()));
        sleep(250); // 500 ms after the put: past the max-age, but not past the renewal's
        L1Copy renewed = l1.get("/a");
        assertNotNull(renewed, "kept another max-age from its renewal");
        assertSame(copy.entry(), renewed.entry());
        assertSame(copy.body(), renewed.body(), "the same body, not a copy");
        assertTrue(l1.claimRenewal(renewed, renewed.loadedAt() + 200), "the renewed copy can be renewed again");
    }

    @Test
    void aCopyIsNotRenewedAfterAnInvalidationThatCanReachIt() {
        L1Cache l1 = L1Cache.standalone(true, 1 << 20, Duration.ofSeconds(30));
        l1.put("/a", entry("/a", 1, ""), "s", 0);
        L1Copy copy = l1.get("/a");
        long before = l1.epoch("/a");
        l1.invalidateTokens(List.of("tag:unrelated"));
        assertFalse(l1.renew("/a", copy, before, System.currentTimeMillis()), "an invalidation arrived meanwhile");
        assertSame(copy, l1.get("/a"));
        l1.invalidate("/a");
        l1.put("/a", entry("/a", 1, ""), "s2", l1.epoch("/a"));
        assertFalse(l1.renew("/a", copy, l1.epoch("/a"), System.currentTimeMillis()), "no longer the copy held");
        assertEquals("s2", l1.get("/a").stamp());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
