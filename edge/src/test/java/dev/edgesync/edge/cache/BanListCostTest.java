package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.events.PathPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What active bans cost a lookup that reads an entry from the region's Redis (L1 hits are not judged again): the time
 * of {@link BanList#judge} with 0, 1,000 and 100,000 bans, for an entry stored after every ban (the usual case once
 * the cache has turned over) and for entries stored before every ban that match none (every ban is a candidate):
 * <ul>
 * <li>bans spread over paths ({@code /img/<i>/*.png}) and a key elsewhere ({@code /api/content/7}): the index of
 * literal segments rules them all out;
 * <li>bans all under the key's own first segment and ending in {@code *} ({@code /api/*}{@code /x<i>*}), the
 * index's worst case: the first judgement of an entry runs every pattern, a repeated one (the same entry looked up
 * again) only bans learned since.
 * </ul>
 * A measurement, opt-in: {@code -Dedgesync.measure=true}.
 */
@EnabledIfSystemProperty(named = "edgesync.measure", matches = "true", disabledReason = "a measurement: -Dedgesync.measure=true")
class BanListCostTest {

    @Test
    void judgingAnEntryWithZeroAThousandAndAHundredThousandBans() {
        BanList warm = new BanList(List.of(new BanList.Ban(PathPattern.of("/img/*.png"), true, 1)), 2000);
        nanosPerJudge(warm, 0, false); // JIT warm-up
        StringBuilder report = new StringBuilder("BanList.judge per lookup, ns (median of 5 rounds, key built in the loop)\n");
        report.append(String.format("  %8s %12s %22s %26s %26s%n", "bans", "entry newer", "older, bans elsewhere",
                "older, same segment, 1st", "older, same segment, again"));
        for (int n : new int[] { 0, 1_000, 100_000 }) {
            BanList elsewhere = bans(n, i -> "/img/" + i + "/*.png");
            BanList sameSegment = bans(n, i -> "/api/*/x" + i + "*");
            assertEquals(Validity.FRESH, elsewhere.judge("/api/content/7", 0, Validity.FRESH));
            assertEquals(Validity.FRESH, sameSegment.judge("/api/content/7", 0, Validity.FRESH));
            report.append(String.format("  %,8d %12.0f %22.0f %26.0f %26.0f%n", n,
                    nanosPerJudge(elsewhere, 10_000_000L, false), nanosPerJudge(elsewhere, 0, false),
                    nanosPerJudge(sameSegment, 0, true), nanosPerJudge(sameSegment, 0, false)));
        }
        System.out.println(report);
    }

    private static BanList bans(int n, IntFunction<String> pattern) {
        List<BanList.Ban> bans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bans.add(new BanList.Ban(PathPattern.of(pattern.apply(i)), true, 1_000_000L + i));
        }
        return new BanList(bans, 2000);
    }

    /** {@code firstTime}: every judgement is of another entry (a new stored-at time), so nothing is remembered. */
    private static double nanosPerJudge(BanList list, long storedAt, boolean firstTime) {
        // rounds of a comparable length: a first judgement may check every ban
        int ops = firstTime ? Math.max(20, 2_000_000 / Math.max(1, list.size())) : list.size() > 10_000 ? 2_000 : 200_000;
        double[] rounds = new double[5];
        int fresh = 0;
        long entry = 0;
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                long at = firstTime ? storedAt - ++entry : storedAt;
                if (list.judge("/api/content/" + (i & 127), at, Validity.FRESH) == Validity.FRESH) {
                    fresh++;
                }
            }
            rounds[r] = (System.nanoTime() - start) / (double) ops;
        }
        assertEquals(rounds.length * ops, fresh, "no ban matches these keys");
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
