package dev.edgesync.origin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final List<String> REGIONS = List.of("us-east", "eu-west");

    private static Timeline.Change update(Timeline t, String id, long contentId, long version, long at) {
        return t.committed(id, "content-updated", contentId, version, List.of("/api/content/" + contentId),
                List.of("content-list"), List.of(), "default", at, at);
    }

    @Test
    void contentChangeConvergesOnlyOnceEveryRegionAppliedAndServedTheNewVersion() {
        Timeline t = new Timeline(REGIONS, 10, 60_000);
        update(t, "e1", 7, 3, 1000);
        t.applied("e1", "us-east", 1100, "edge-1");
        t.served("us-east", 7, 3, false, "MISS", 1120);
        t.applied("e1", "eu-west", 1300, "edge-1");
        assertEquals(Timeline.PENDING, t.change("e1").orElseThrow().status());
        t.served("eu-west", 7, 2, false, "HIT", 1310); // an old version is not the new state
        assertEquals(Timeline.PENDING, t.change("e1").orElseThrow().status());
        t.served("eu-west", 7, 3, false, "REVALIDATED", 1400);
        Timeline.Change change = t.change("e1").orElseThrow();
        assertEquals(Timeline.CONVERGED, change.status());
        assertEquals(1400L, change.convergedAt());
        assertEquals(1120L, change.regions().get("us-east").servedAt());
        assertEquals("MISS", change.regions().get("us-east").servedCache());
        assertEquals("edge-1", change.regions().get("us-east").appliedBy());
    }

    @Test
    void staleAnswersAfterCommitAreCountedUntilTheNewVersionIsServed() {
        Timeline t = new Timeline(REGIONS, 10, 60_000);
        update(t, "e1", 7, 3, 1000);
        t.served("eu-west", 7, 2, false, "STALE", 1350);
        t.served("eu-west", 7, 3, false, "REVALIDATED", 1400);
        t.served("eu-west", 7, 3, false, "STALE", 1500); // after served: no longer counted
        assertEquals(1, t.change("e1").orElseThrow().regions().get("eu-west").staleAnswers());
    }

    @Test
    void aNewerVersionServedCountsForEveryOlderChangeOfThatItem() {
        Timeline t = new Timeline(REGIONS, 10, 60_000);
        update(t, "e1", 7, 3, 1000);
        update(t, "e2", 7, 4, 1010);
        update(t, "e3", 8, 1, 1020);
        List<Timeline.Change> updated = t.served("us-east", 7, 4, false, "MISS", 1200);
        assertEquals(List.of("e1", "e2"), updated.stream().map(Timeline.Change::eventId).toList());
        assertNull(t.change("e3").orElseThrow().regions().get("us-east").servedAt());
    }

    @Test
    void aDeleteIsServedWhenTheItemIsGone() {
        Timeline t = new Timeline(REGIONS, 10, 60_000);
        t.committed("d1", "content-deleted", 7L, 4, List.of("/api/content/7"), List.of(), List.of(), "default", 0, 0);
        t.served("us-east", 7, 3, false, "HIT", 50);
        assertNull(t.change("d1").orElseThrow().regions().get("us-east").servedAt());
        t.served("us-east", 7, 0, true, "MISS", 60);
        assertEquals(60L, t.change("d1").orElseThrow().regions().get("us-east").servedAt());
    }

    @Test
    void purgeConvergesWhenEveryRegionApplied() {
        Timeline t = new Timeline(REGIONS, 10, 60_000);
        t.committed("p1", "purge", null, 0, List.of(), List.of("tech"), List.of(), "default", 0, 5);
        t.applied("p1", "us-east", 100, "edge-1");
        assertEquals(Timeline.PENDING, t.change("p1").orElseThrow().status());
        t.applied("p1", "eu-west", 300, "edge-1");
        assertEquals(Timeline.CONVERGED, t.change("p1").orElseThrow().status());
        assertTrue(t.awaitingReads(310).isEmpty(), "a purge has no version to read");
    }

    @Test
    void holdsAtMostCapacityChangesAndDropsTheOldest() {
        Timeline t = new Timeline(REGIONS, 3, 60_000);
        for (int i = 1; i <= 5; i++) {
            update(t, "e" + i, i, 1, i);
        }
        assertEquals(List.of("e3", "e4", "e5"), t.changes().stream().map(Timeline.Change::eventId).toList());
        assertTrue(t.applied("e1", "us-east", 10, "edge-1").isEmpty());
    }

    @Test
    void aChangeIsWatchedForAtMostTheWatchWindowThenShownNotConverged() {
        Timeline t = new Timeline(REGIONS, 10, 1000);
        update(t, "e1", 7, 3, 0);
        assertEquals(List.of("e1"), t.awaitingAcks(1000));
        assertEquals(Map.of(7L, "/api/content/7"), t.awaitingReads(1000).get("us-east"));
        assertEquals(List.of(), t.expire(1000));
        assertEquals(1, t.expire(1001).size());
        assertEquals(List.of(), t.expire(1002), "reported once");
        assertEquals(Timeline.NOT_CONVERGED, t.change("e1").orElseThrow().status());
        assertTrue(t.awaitingAcks(1001).isEmpty());
        assertTrue(t.awaitingReads(1001).isEmpty());
    }

    @Test
    void everyUpdateRaisesTheSequenceSoABrowserKeepsTheNewestCopy() {
        Timeline t = new Timeline(REGIONS, 10, 60_000);
        long first = update(t, "e1", 7, 3, 0).seq();
        long second = t.applied("e1", "us-east", 10, "edge-1").orElseThrow().seq();
        assertTrue(second > first);
        assertTrue(t.applied("e1", "us-east", 20, "edge-1").isEmpty(), "the first acknowledgement counts");
    }

    @Test
    void lagIsAppliedLessIssuedPerRegion() {
        Timeline t = new Timeline(REGIONS, 10, 60_000);
        update(t, "e1", 1, 1, 1000);
        update(t, "e2", 2, 1, 2000);
        update(t, "e3", 3, 1, 3000);
        t.applied("e1", "us-east", 1100, "edge-1");
        t.applied("e2", "us-east", 2300, "edge-1");
        t.applied("e3", "us-east", 3200, "edge-1");
        Timeline.Lag lag = t.lag().get("us-east");
        assertEquals(200L, lag.lastMs());
        assertEquals(200L, lag.medianMs());
        assertEquals(3, lag.samples());
        assertNull(t.lag().get("eu-west").lastMs());
    }
}
