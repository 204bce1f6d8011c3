package dev.edgesync.edge.warming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmupBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void neverMoreThanTheRateOverAnyRunOfSeconds() {
        WarmupBudget budget = new WarmupBudget(5);
        int taken = 0;
        for (long t = 0; t < 10 * SECOND; t += SECOND / 1000) { // asked every millisecond for 10 s
            if (budget.tryTake(t)) {
                taken++;
            }
        }
        assertTrue(taken <= 5 + 5 * 10, "burst plus rate: " + taken);
        assertTrue(taken >= 5 * 10, "the rate is available: " + taken);
    }

    @Test
    void aBurstIsAtMostOneSecondsWorth() {
        WarmupBudget budget = new WarmupBudget(3);
        assertTrue(budget.tryTake(0));
        int taken = 0;
        while (budget.tryTake(100 * SECOND)) {
            taken++;
        }
        assertEquals(3, taken, "after a long pause: one second's worth, not 100 seconds'");
    }

    @Test
    void aRateBelowOneStillAllowsOneFetch() {
        WarmupBudget budget = new WarmupBudget(0.5);
        assertTrue(budget.tryTake(0));
        assertFalse(budget.tryTake(SECOND));
        assertTrue(budget.tryTake(2 * SECOND + 1));
    }
}
