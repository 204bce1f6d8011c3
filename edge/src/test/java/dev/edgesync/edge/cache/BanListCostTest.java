package dev.edgesync.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.events.PathPattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What active bans cost a lookup that reads an entry from the region's Redis (L1 hits are not judged again): the time
 * of {@link BanList#judge} with 0, 1,000 and 100,000 bans, for an entry stored after every ban (the usual case once
 * the cache has turned over) and for one stored before every ban that matches none (the worst case: every ban is
 * checked). A measurement, opt-in: {@code -Dedgesync.measure=true}.
 */
@EnabledIfSystemProperty(named = "edgesync.measure", matches = "true", disabledReason = "a measurement: -Dedgesync.measure=true")
class BanListCostTest {

    @Test
    void judgingAnEntryWithZeroAThousandAndAHundredThousandBans() {
        nanosPerJudge(new BanList(java.util.List.of(new BanList.Ban(PathPattern.of("/img/*.png"), true, 1)), 2000), 0); // JIT warm-up
        StringBuilder report = new StringBuilder("BanList.judge per lookup, ns (median of 5 rounds, key built in the loop)\n");
        report.append(String.format("  %8s %22s %30s%n", "bans", "entry newer than all", "entry older than all, no match"));
        for (int n : new int[] { 0, 1_000, 100_000 }) {
            List<BanList.Ban> bans = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                bans.add(new BanList.Ban(PathPattern.of("/img/" + i + "/*.png"), true, 1_000_000L + i));
            }
            BanList list = new BanList(bans, 2000);
            assertEquals(Validity.FRESH, list.judge("/api/content/7", 0, Validity.FRESH));
            report.append(String.format("  %,8d %22.0f %30.0f%n", n, nanosPerJudge(list, 10_000_000L),
                    nanosPerJudge(list, 0)));
        }
        System.out.println(report);
    }

    private static double nanosPerJudge(BanList list, long storedAt) {
        int ops = list.size() > 10_000 ? 100 : 200_000;
        double[] rounds = new double[5];
        int fresh = 0;
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                if (list.judge("/api/content/" + (i & 1023), storedAt, Validity.FRESH) == Validity.FRESH) {
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
