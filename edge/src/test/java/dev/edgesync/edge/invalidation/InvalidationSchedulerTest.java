package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InvalidationSchedulerTest {

    @Test
    void waitsUntilIssuedAtPlusDelayWithoutAddingQueueingTime() {
        assertEquals(100, InvalidationScheduler.dueIn(1000, 100, 1000));
        assertEquals(30, InvalidationScheduler.dueIn(1000, 100, 1070));
        assertEquals(0, InvalidationScheduler.dueIn(1000, 100, 1100));
        assertEquals(0, InvalidationScheduler.dueIn(1000, 100, 9999));
        assertEquals(0, InvalidationScheduler.dueIn(1000, 0, 1000));
    }

    @Test
    void anEventFromTheFutureWaitsAtMostTheDelay() {
        long now = 1_000_000;
        assertEquals(100, InvalidationScheduler.dueIn(now + 3_600_000, 100, now));
        assertEquals(100, InvalidationScheduler.dueIn(now + 1, 100, now));
        assertEquals(0, InvalidationScheduler.dueIn(now + 3_600_000, 0, now));
    }
}
