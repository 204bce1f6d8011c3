package dev.edgesync.lab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class StalenessTest {
    @Test
    void windowIsCommitToFirstFreshReadOfTheNewVersion() {
        History h = new History(List.of(new WriteOp("1", 1, 0, 10), new WriteOp("1", 2, 1000, 1010)), List.of(
                new ReadOp("a", "p", "1", 1020, 1021, 200, 1, "HIT", true),
                new ReadOp("a", "p", "1", 1320, 1322, 200, 1, "STALE", true),
                new ReadOp("a", "p", "1", 1340, 1345, 200, 2, "HIT", true),
                new ReadOp("b", "p", "1", 1100, 1130, 200, 2, "MISS", false)));
        List<Staleness.Window> windows = Staleness.windows(h, List.of("a", "b", "c"));
        assertEquals(3, windows.size());
        assertEquals(335L, windows.get(0).windowMs());
        assertEquals(312L, windows.get(0).firstStaleMs());
        assertEquals(120L, windows.get(1).windowMs());
        assertNull(windows.get(1).firstStaleMs());
        assertNull(windows.get(2).windowMs());
        assertEquals(335L, Staleness.worst(windows, List.of("a", "b", "c")).get("a"));
        assertEquals(-1L, Staleness.worst(windows, List.of("a", "b", "c")).get("c"));
    }

    @Test
    void aNewerVersionAlsoEndsTheWindowAndReadsBeforeTheWriteDoNot() {
        History h = new History(List.of(new WriteOp("1", 2, 1000, 1010), new WriteOp("1", 3, 1100, 1110)), List.of(
                new ReadOp("a", "p", "1", 900, 1500, 200, 3, "MISS", false),
                new ReadOp("a", "p", "1", 1600, 1601, 200, 3, "HIT", false)));
        List<Staleness.Window> windows = Staleness.windows(h, List.of("a"));
        assertEquals(591L, windows.get(0).windowMs());
        assertEquals(491L, windows.get(1).windowMs());
    }
}
