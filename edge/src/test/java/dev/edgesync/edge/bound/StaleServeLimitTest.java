package dev.edgesync.edge.bound;

import static dev.edgesync.edge.bound.StaleServeLimit.Decision.SERVE_STALE;
import static dev.edgesync.edge.bound.StaleServeLimit.Decision.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaleServeLimitTest {

    @Test
    void staleWithinTheLimitThenWaitForTheRevalidation() {
        assertEquals(SERVE_STALE, StaleServeLimit.decide(10_000, 10_000, 1_500));
        assertEquals(SERVE_STALE, StaleServeLimit.decide(10_000, 11_499, 1_500));
        assertEquals(WAIT, StaleServeLimit.decide(10_000, 11_500, 1_500));
        assertEquals(WAIT, StaleServeLimit.decide(10_000, 60_000, 1_500));
    }

    @Test
    void staleByAgeOnlyIsLeftToHttpFreshness() {
        assertEquals(SERVE_STALE, StaleServeLimit.decide(StaleClock.UNKNOWN, 60_000, 1_500));
    }

    @Test
    void aLazyRegionUnderASlowOriginStopsAnsweringStaleAtTheLimit() {
        // invalidation applied at 1_000 (the newer version due); the origin answers after 2 s
        StaleClock clock = new StaleClock(100);
        clock.versionApplied("/api/content/7", 5, 1_000);
        long limit = 1_500;
        int stale = 0;
        for (long now = 1_000; now < 3_000; now += 100) {
            long since = clock.staleSince("/api/content/7", "/api/content/7", 4, 0, 3_600_000, List.of(), now);
            if (StaleServeLimit.decide(since, now, limit) == SERVE_STALE) {
                stale++;
                assertEquals(true, now - 1_000 < 2_000, "STALE " + (now - 1_000) + " ms after due");
            }
        }
        assertEquals(15, stale);
    }
}
