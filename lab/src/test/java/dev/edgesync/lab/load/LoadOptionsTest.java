package dev.edgesync.lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    private static LoadOptions options(double rate, int requests, long durationMs, double writeRate) {
        return new LoadOptions(50, 1.0, 4, rate, requests, durationMs, writeRate, 42, 15);
    }

    @Test
    void readsPerRegionComeFromCountOrDuration() {
        assertEquals(1450, options(100, 1450, 600_000, 1).validated(3).readsPerRegion());
        assertEquals(3000, options(100, 0, 30_000, 1).validated(3).readsPerRegion());
        assertEquals(500, options(100, 1450, 5_000, 1).validated(3).readsPerRegion());
    }

    @Test
    void boundsAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> options(700, 0, 1000, 1).validated(3)); // 2100 req/s in total
        assertEquals(2000, (int) (options(666, 0, 1000, 1).validated(3).ratePerRegion() * 3 + 2));
        assertThrows(IllegalArgumentException.class, () -> options(0, 0, 1000, 1).validated(3));
        assertThrows(IllegalArgumentException.class, () -> options(100, 0, 600_001, 1).validated(3));
        assertThrows(IllegalArgumentException.class, () -> options(100, 0, 0, 1).validated(3));
        assertThrows(IllegalArgumentException.class, () -> options(100, 0, 1000, 21).validated(3));
        assertThrows(IllegalArgumentException.class, () -> options(100, -1, 1000, 1).validated(3));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> options(1, 1000, 600_000, 1).validated(3));
        assertTrue(tooLong.getMessage().contains("10 minutes"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LoadOptions(0, 1.0, 4, 10, 0, 1000, 1, 1, 15).validated(1));
        assertThrows(IllegalArgumentException.class,
                () -> new LoadOptions(10, 1.0, 65, 10, 0, 1000, 1, 1, 15).validated(1));
    }
}
