package dev.edgesync.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusLeaseCellTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void showsTheEdgesStalenessLease() throws Exception {
        assertEquals("held (lag 0.0s)", StatusCommand.leaseCell(JSON.readTree("{\"state\":\"held\",\"appliedLagMs\":0}")));
        assertEquals("EXPIRED (lag 8.2s)",
                StatusCommand.leaseCell(JSON.readTree("{\"state\":\"expired\",\"appliedLagMs\":8200}")));
        assertEquals("none", StatusCommand.leaseCell(JSON.readTree("{\"state\":\"none\",\"appliedLagMs\":0}")));
        assertEquals("-", StatusCommand.leaseCell(null));
    }
}
