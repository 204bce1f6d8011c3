package dev.edgesync.lab.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZipfTest {
    @Test
    void sameSeedSameSequenceOtherSeedOtherSequence() {
        Zipf zipf = new Zipf(50, 1.0);
        assertArrayEquals(zipf.sequence(42, 1000), zipf.sequence(42, 1000));
        assertFalse(Arrays.equals(zipf.sequence(42, 1000), zipf.sequence(43, 1000)));
    }

    @Test
    void frequenciesFollowTheDistribution() {
        Zipf zipf = new Zipf(50, 1.0);
        int[] counts = new int[50];
        for (int k : zipf.sequence(7, 200_000)) {
            counts[k]++;
        }
        // P(rank 0) = 1 / H(50) ~ 0.2222, P(rank 1) = half of it
        assertEquals(zipf.probability(0), counts[0] / 200_000.0, 0.01);
        assertEquals(2.0, (double) counts[0] / counts[1], 0.1);
        assertTrue(counts[49] > 0);
        double sum = 0;
        for (int k = 0; k < 50; k++) {
            sum += zipf.probability(k);
        }
        assertEquals(1.0, sum, 1e-9);
    }

    @Test
    void exponentZeroIsUniform() {
        Zipf zipf = new Zipf(4, 0);
        for (int k = 0; k < 4; k++) {
            assertEquals(0.25, zipf.probability(k), 1e-12);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Zipf(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Zipf(5, -1));
    }
}
