package dev.edgesync.edge.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StaleClockTest {
    private static final String KEY = "/api/content/7";
    private static final long FRESH_UNTIL = 3_600_000;

    @Test
    void staleSinceTheFirstAppliedVersionNewerThanTheCopy() {
        StaleClock clock = new StaleClock(100);
        clock.versionApplied(KEY, 5, 1_000);
        clock.versionApplied(KEY, 6, 2_000);
        assertEquals(1_000, clock.staleSince(KEY, KEY, 4, 0, FRESH_UNTIL, List.of(), 5_000));
        assertEquals(2_000, clock.staleSince(KEY, KEY, 5, 0, FRESH_UNTIL, List.of(), 5_000));
    }

    @Test
    void aDuplicateOrLateEventDoesNotMoveTheClock() {
        StaleClock clock = new StaleClock(100);
        clock.versionApplied(KEY, 6, 1_000);
        clock.versionApplied(KEY, 5, 2_000);
        clock.versionApplied(KEY, 6, 3_000);
        assertEquals(1_000, clock.staleSince(KEY, KEY, 4, 0, FRESH_UNTIL, List.of(), 5_000));
    }

    @Test
    void aTagInvalidatedAfterTheCopyWasStored() {
        StaleClock clock = new StaleClock(100);
        clock.tokenApplied("t:news", 4_000);
        assertEquals(4_000, clock.staleSince(KEY, KEY, 4, 3_000, FRESH_UNTIL, List.of("t:news"), 5_000));
        // stored after that invalidation: it did not make this copy stale; first seen stale now instead
        assertEquals(5_000, clock.staleSince(KEY, KEY, 4, 4_500, FRESH_UNTIL, List.of("t:news"), 5_000));
    }

    @Test
    void unknownInvalidationCountsFromTheFirstTimeSeenStale() {
        StaleClock clock = new StaleClock(100);
        assertEquals(5_000, clock.staleSince(KEY, KEY, 4, 0, FRESH_UNTIL, List.of(), 5_000));
        assertEquals(5_000, clock.staleSince(KEY, KEY, 4, 0, FRESH_UNTIL, List.of(), 6_000));
        assertEquals(6_000, clock.staleSince(KEY, KEY, 5, 10, FRESH_UNTIL, List.of(), 6_000), "another copy");
    }

    @Test
    void staleByAgeOnlyIsUnknown() {
        StaleClock clock = new StaleClock(100);
        assertEquals(StaleClock.UNKNOWN, clock.staleSince(KEY, KEY, 4, 0, 4_000, List.of(), 5_000));
    }
}
