package dev.edgesync.edge.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServedVersionsTest {

    @Test
    void aCopyOlderThanAVersionServedDuringTheOutageIsNotAnswerable() {
        ServedVersions served = new ServedVersions(100, 60_000);
        served.served("/api/content/1", 5, 1_000);
        assertFalse(served.answerable("/api/content/1", 4, 2_000), "v4 after v5 was served: back in time");
        assertTrue(served.answerable("/api/content/1", 5, 2_000));
        assertTrue(served.answerable("/api/content/1", 6, 2_000));
        assertTrue(served.answerable("/api/content/2", 1, 2_000), "other keys have no floor");
    }

    @Test
    void theFloorOnlyRises() {
        ServedVersions served = new ServedVersions(100, 60_000);
        served.served("/k", 5, 1_000);
        served.served("/k", 3, 1_100);
        assertEquals(5, served.floor("/k", 1_200));
        served.served("/k", 7, 1_300);
        assertEquals(7, served.floor("/k", 1_400));
    }

    @Test
    void pendingUntilWrittenBackThenKeptForAWhile() {
        ServedVersions served = new ServedVersions(100, 10_000);
        served.served("/k", 5, 1_000);
        assertEquals(List.of(new ServedVersions.Pending("/k", 5)), served.pending());
        served.writtenBack("/k", 5, 2_000);
        assertEquals(List.of(), served.pending());
        assertEquals(5, served.floor("/k", 11_000), "kept after the write-back");
        assertEquals(0, served.floor("/k", 12_001), "forgotten once Redis has held it for the keep time");
    }

    @Test
    void aNewerVersionServedBeforeTheWriteBackIsWrittenBackToo() {
        ServedVersions served = new ServedVersions(100, 10_000);
        served.served("/k", 5, 1_000);
        served.served("/k", 6, 1_500);
        served.writtenBack("/k", 5, 2_000); // the write-back of v5 finished after v6 was served
        assertEquals(List.of(new ServedVersions.Pending("/k", 6)), served.pending());
    }

    @Test
    void aPendingVersionIsNeverForgottenByTime() {
        ServedVersions served = new ServedVersions(100, 10);
        served.served("/k", 5, 1_000);
        assertEquals(5, served.floor("/k", 1_000_000));
    }

    @Test
    void aVersionAnsweredFromTheStoreIsAFloorWithNothingToWriteBack() {
        ServedVersions served = new ServedVersions(100, 10_000);
        served.served("/k", 2, 1_000, false); // a HIT of v2: a Redis restarted from an older snapshot may hold v1
        assertFalse(served.answerable("/k", 1, 2_000));
        assertEquals(List.of(), served.pending());
        served.served("/k", 3, 3_000, true); // then v3 straight from the origin while Redis was away
        assertEquals(List.of(new ServedVersions.Pending("/k", 3)), served.pending());
        served.served("/k", 4, 4_000, false); // v4 is in Redis: v3 need not be written back any more
        assertEquals(List.of(), served.pending());
        assertEquals(4, served.floor("/k", 5_000));
    }

    @Test
    void boundedOldestOut() {
        ServedVersions served = new ServedVersions(2, 10_000);
        served.served("/a", 1, 1);
        served.served("/b", 1, 2);
        served.served("/c", 1, 3);
        assertEquals(2, served.size());
        assertEquals(0, served.floor("/a", 4));
    }
}
