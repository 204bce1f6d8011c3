package dev.edgesync.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinABucketOfTheTruth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i); // 1..1000 ms
        }
        assertEquals(1000, h.count());
        assertWithin(500, h.percentile(50));
        assertWithin(950, h.percentile(95));
        assertWithin(990, h.percentile(99));
    }

    @Test
    void emptyIsZeroAndResetEmpties() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(99));
        h.record(3);
        h.reset();
        assertEquals(0, h.count());
        assertEquals(0, h.percentile(50));
    }

    @Test
    void extremesAreClamped() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        h.record(-1);
        h.record(Double.NaN);
        h.record(1e9);
        assertEquals(4, h.count());
        assertTrue(h.percentile(100) > 60_000);
    }

    private static void assertWithin(double expected, double actual) {
        assertTrue(actual >= expected && actual <= expected * 1.06, "expected ~" + expected + " got " + actual);
    }
}
