package dev.edgesync.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code edgesync chaos} refuses bad options before it starts anything. */
class ChaosCommandTest {
    @Test
    void unknownFaultExitsTwoListingTheKnownOnes() {
        CliRun r = CliRun.of("chaos", "--fault", "disk-full");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown fault disk-full; known: kafka-pause, kafka-restart"), r.err());
        assertFalse(r.out().contains("Starting"), r.out());
    }

    @Test
    void faultWindowLongerThanTheLoadAndUnknownRegionExitTwo() {
        assertEquals(2, CliRun.of("chaos", "--duration", "PT5S", "--fault-window", "PT8S").code());
        CliRun r = CliRun.of("chaos", "--region", "mars");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--region mars is not one of"), r.err());
    }

    @Test
    void isListedInTheHelp() {
        assertTrue(CliRun.of("--help").out().contains("chaos"));
    }
}
