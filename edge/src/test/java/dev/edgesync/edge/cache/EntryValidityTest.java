package dev.edgesync.edge.cache;

import static dev.edgesync.edge.cache.EntryValidity.FillVerdict;
import static dev.edgesync.edge.cache.EntryValidity.Validity;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryValidityTest {
    private static final String KEY = "/api/content/7";
    private static final long STORED = 1_000_000;
    private static final long FRESH_UNTIL = STORED + 60_000;
    private static final long STALE_UNTIL = FRESH_UNTIL + 30_000;

    private static CacheEntry entry(long version, Map<String, Long> hard, Map<String, Long> soft, boolean marked) {
        return new CacheEntry(KEY, 200, Map.of(), new byte[0], version, "\"7-" + version + "\"", null,
                List.of("content-7", "content-list"), STORED, FRESH_UNTIL, STALE_UNTIL, hard, soft, marked);
    }

    private static CacheEntry entry(long version) {
        return entry(version, Map.of(), Map.of(), false);
    }

    private static TokenState state(Map<String, Long> hard, Map<String, Long> soft, long mvh, long mvs) {
        return new TokenState(hard, soft, mvh, mvs);
    }

    private static final TokenState CLEAN = state(Map.of(), Map.of(), 0, 0);

    @Test
    void untouchedEntryIsFreshThenStaleThenExpired() {
        assertEquals(Validity.FRESH, EntryValidity.judge(entry(3), CLEAN, STORED + 1));
        assertEquals(Validity.STALE, EntryValidity.judge(entry(3), CLEAN, FRESH_UNTIL));
        assertEquals(Validity.STALE, EntryValidity.judge(entry(3), CLEAN, STALE_UNTIL - 1));
        assertEquals(Validity.EXPIRED, EntryValidity.judge(entry(3), CLEAN, STALE_UNTIL));
    }

    @Test
    void hardGenerationChangeOfAnyTokenInvalidates() {
        for (String token : entry(1).tokens()) {
            TokenState s = state(Map.of(token, 5L), Map.of(), 0, 0);
            assertEquals(Validity.INVALID, EntryValidity.judge(entry(1), s, STORED + 1), token);
        }
    }

    @Test
    void softGenerationChangeOfAnyTokenMakesStaleEvenWhenFreshAndWithoutStaleWindow() {
        for (String token : entry(1).tokens()) {
            TokenState s = state(Map.of(), Map.of(token, 5L), 0, 0);
            assertEquals(Validity.STALE, EntryValidity.judge(entry(1), s, STORED + 1), token);
        }
    }

    @Test
    void snapshotEqualToCurrentIsFresh() {
        Map<String, Long> gens = Map.of("tag:content-7", 42L, "prefix:/api/", 9L);
        assertEquals(Validity.FRESH,
                EntryValidity.judge(entry(1, gens, gens, false), state(gens, gens, 0, 0), STORED + 1));
    }

    @Test
    void versionRules() {
        assertEquals(Validity.INVALID, EntryValidity.judge(entry(3), state(Map.of(), Map.of(), 4, 0), STORED));
        assertEquals(Validity.FRESH, EntryValidity.judge(entry(4), state(Map.of(), Map.of(), 4, 0), STORED));
        assertEquals(Validity.STALE, EntryValidity.judge(entry(3), state(Map.of(), Map.of(), 0, 4), STORED));
        assertEquals(Validity.FRESH, EntryValidity.judge(entry(5), state(Map.of(), Map.of(), 3, 4), STORED));
    }

    @Test
    void markedStaleEntryIsNeverFresh() {
        assertEquals(Validity.STALE, EntryValidity.judge(entry(1, Map.of(), Map.of(), true), CLEAN, STORED));
    }

    @Test
    void fillVerdicts() {
        List<String> tokens = entry(1).tokens();
        long s0 = 100;
        assertEquals(FillVerdict.STORE_FRESH, EntryValidity.judgeFill(5, tokens,
                state(Map.of("tag:content-7", 100L), Map.of("key:" + KEY, 99L), 5, 5), s0));
        assertEquals(FillVerdict.HARD_RACED, EntryValidity.judgeFill(5, tokens,
                state(Map.of("tag:content-list", 101L), Map.of(), 0, 0), s0));
        assertEquals(FillVerdict.STORE_STALE, EntryValidity.judgeFill(5, tokens,
                state(Map.of(), Map.of("prefix:/api/", 101L), 0, 0), s0));
        assertEquals(FillVerdict.BEHIND_HARD, EntryValidity.judgeFill(5, tokens, state(Map.of(), Map.of(), 6, 0), s0));
        assertEquals(FillVerdict.BEHIND_SOFT, EntryValidity.judgeFill(5, tokens, state(Map.of(), Map.of(), 0, 6), s0));
    }

    /**
     * Simulation of the no-fill-race rule: invalidations (stamped from a growing sequence) interleave with a fill
     * at random; an entry stored as FRESH is never one whose fill overlapped a hard invalidation of its tokens.
     */
    @Test
    void noFillRaceUnderRandomInterleavings() {
        Random random = new Random(7);
        List<String> tokens = entry(1).tokens();
        for (int round = 0; round < 20_000; round++) {
            long seq = random.nextInt(1000);
            Map<String, Long> hard = new HashMap<>();
            Map<String, Long> soft = new HashMap<>();
            long fillStart = seq;
            boolean hardDuring = false;
            boolean softDuring = false;
            int events = random.nextInt(4);
            for (int i = 0; i < events; i++) {
                String token = tokens.get(random.nextInt(tokens.size()));
                boolean isHard = random.nextBoolean();
                boolean beforeFill = random.nextBoolean();
                long stamp = beforeFill ? fillStart - random.nextInt(50) : ++seq;
                (isHard ? hard : soft).merge(token, stamp, Math::max);
                hardDuring |= isHard && !beforeFill;
                softDuring |= !isHard && !beforeFill;
            }
            FillVerdict verdict = EntryValidity.judgeFill(1, tokens, state(hard, soft, 0, 0), fillStart);
            FillVerdict expected = hardDuring ? FillVerdict.HARD_RACED
                    : softDuring ? FillVerdict.STORE_STALE : FillVerdict.STORE_FRESH;
            assertEquals(expected, verdict, "round " + round);
        }
    }
}
