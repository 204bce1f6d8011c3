package dev.edgesync.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTest {
    @Test
    void namesRoundTripAndUnknownNamesListTheKnownOnes() {
        for (Fault f : Fault.values()) {
            assertEquals(f, Fault.fromWire(f.wire()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.fromWire("disk-full"));
        assertTrue(e.getMessage().contains("kafka-pause"), e.getMessage());
    }

    @Test
    void optionsRejectAFaultWindowLongerThanTheLoad() {
        assertThrows(IllegalArgumentException.class, () -> new ChaosRunner.Options(List.of(Fault.KAFKA_PAUSE),
                Duration.ofSeconds(5), Duration.ofSeconds(8), "eu-west", 30, 2, 1));
    }
}
