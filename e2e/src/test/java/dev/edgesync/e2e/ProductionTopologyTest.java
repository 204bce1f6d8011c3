package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.events.Strategy;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import dev.edgesync.testkit.topology.ServiceJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./edgesync up --production} starts the edges as the chart does: production JVM options and the JIT warm-up
 * before ready, and it says the topology is up only once every edge has finished warming (as a rollout waits for
 * ready). Before, its edges warmed nothing, so their first minute of misses ran at a fraction of their later speed.
 */
class ProductionTopologyTest {
    private static final String REGION = "prod-warm";

    @Test
    void productionEdgesHaveWarmedTheirJitWhenTheTopologyIsUp() throws Exception {
        Path dir = LabPaths.runDir("e2e-production-" + ProcessHandle.current().pid());
        System.setProperty(ServiceJvm.PROPERTY, "production");
        try (LocalTopology topology = LocalTopology.start(new LocalTopology.Options(
                List.of(new RegionSpec(REGION, 100, Strategy.EAGER)), 0, 0, null, null, dir, Map.of()),
                LocalServers.shared())) {
            JsonNode warmup = topology.edges(REGION).get(0).readinessCheck("jit-warmup").orElse(null);
            assertTrue(warmup != null, "the edge reports its jit-warmup check");
            assertEquals("UP", warmup.path("status").asText(), "warmed when the topology was up: " + warmup);
            // a request that fails (sent before the port listened) is skipped, not counted
            assertTrue(warmup.path("data").path("answered").asLong() >= ServiceJvm.PRODUCTION_JIT_WARMUP_REQUESTS * 9L
                    / 10, "the chart's warm-up requests were answered: " + warmup);
        } finally {
            System.clearProperty(ServiceJvm.PROPERTY);
            LocalServers.deleteTree(dir);
        }
    }
}
