package dev.edgesync.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaleBoundTest {
    private static final Map<String, RegionPolicy> POLICIES = Map.of(
            "lazy", new RegionPolicy(Strategy.LAZY, 300), "eager", new RegionPolicy(Strategy.EAGER, 100));

    private static ReadOp read(String region, long start, long version, String xCache) {
        return new ReadOp(region, "c1", "7", start, start + 5, 200, version, xCache, false);
    }

    @Test
    void lazyStaleAnswerIsFineWithinTwoSecondsOfDueAndABreachAfter() {
        // v2 committed at 10_000, due in the lazy region at 10_300
        History history = new History(List.of(new WriteOp("7", 1, 0, 10), new WriteOp("7", 2, 9_990, 10_000)), List.of(
                read("lazy", 12_300, 1, "STALE"),
                read("lazy", 12_301, 1, "STALE"),
                read("lazy", 15_000, 2, "HIT"),
                read("lazy", 13_000, 2, "STALE")));
        List<StaleBound.Breach> breaches = StaleBound.breaches(history, POLICIES, 2_000);
        assertEquals(1, breaches.size(), breaches.toString());
        assertEquals(2_001, breaches.get(0).lateByMs());
        assertEquals(2, breaches.get(0).dueVersion());
    }

    @Test
    void unmarkedOrEagerReadsAreLeftToTheConsistencyChecker() {
        History history = new History(List.of(new WriteOp("7", 2, 0, 10)), List.of(
                read("lazy", 60_000, 1, "HIT"), read("eager", 60_000, 1, "STALE")));
        assertEquals(List.of(), StaleBound.breaches(history, POLICIES, 2_000));
    }
}
