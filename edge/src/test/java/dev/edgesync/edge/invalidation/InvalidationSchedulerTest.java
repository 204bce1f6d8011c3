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
}
