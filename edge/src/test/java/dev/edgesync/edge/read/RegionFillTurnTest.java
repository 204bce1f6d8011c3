package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class RegionFillTurnTest {

    @Test
    void ourTokenMeansWeFill() {
        assertEquals(RegionFill.Turn.FILL, RegionFill.Turn.of("edge-1/7", "edge-1/7"));
    }

    @Test
    void anotherHolderMeansWait() {
        assertEquals(RegionFill.Turn.WAIT, RegionFill.Turn.of("edge-2/3", "edge-1/7"));
        assertEquals(RegionFill.Turn.WAIT, RegionFill.Turn.of("", "edge-1/7"));
    }

    @Test
    void passMarkerMeansFetchWithoutCollapsing() {
        assertEquals(RegionFill.Turn.PASS, RegionFill.Turn.of("pass", "edge-1/7"));
    }

    @Test
    void tokensAreUniquePerFill() {
        assertNotEquals(RegionFill.newOwner(), RegionFill.newOwner());
    }
}
