package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void nothingIsKnownBeforeTheFirstHeartbeat() {
        PartitionProgress p = new PartitionProgress();
        p.received(0);
        p.applied(0);
        assertEquals(OptionalLong.empty(), p.appliedUpTo());
    }

    @Test
    void aHeartbeatWithNothingPendingCountsAtOnce() {
        PartitionProgress p = new PartitionProgress();
        assertTrue(p.heartbeat(0, 1000));
        assertEquals(OptionalLong.of(1000), p.appliedUpTo());
    }

    @Test
    void aHeartbeatWaitsForEveryEarlierEvent() {
        PartitionProgress p = new PartitionProgress();
        p.heartbeat(0, 1000);
        p.received(1);
        p.received(2);
        assertFalse(p.heartbeat(3, 2000));
        p.received(4);
        assertFalse(p.heartbeat(5, 3000));
        assertEquals(OptionalLong.of(1000), p.appliedUpTo());

        assertFalse(p.applied(2), "offset 1 is still pending");
        assertEquals(OptionalLong.of(1000), p.appliedUpTo());
        assertTrue(p.applied(1));
        assertEquals(OptionalLong.of(2000), p.appliedUpTo(), "the heartbeat after offset 4 still waits");
        assertTrue(p.applied(4));
        assertEquals(OptionalLong.of(3000), p.appliedUpTo());
    }

    @Test
    void laterEventsDoNotHoldBackAnEarlierHeartbeat() {
        PartitionProgress p = new PartitionProgress();
        p.received(0);
        p.heartbeat(1, 1000);
        p.received(2);
        assertTrue(p.applied(0));
        assertEquals(OptionalLong.of(1000), p.appliedUpTo());
    }

    @Test
    void progressNeverGoesBack() {
        PartitionProgress p = new PartitionProgress();
        p.heartbeat(0, 5000);
        assertFalse(p.heartbeat(1, 4000), "a heartbeat stamped earlier (clock step) does not lower it");
        assertEquals(OptionalLong.of(5000), p.appliedUpTo());
    }

    @Test
    void aRedeliveredEventIsTrackedOnce() {
        PartitionProgress p = new PartitionProgress();
        p.received(0);
        p.received(0);
        p.heartbeat(1, 1000);
        assertTrue(p.applied(0));
        assertEquals(OptionalLong.of(1000), p.appliedUpTo());
    }
}
