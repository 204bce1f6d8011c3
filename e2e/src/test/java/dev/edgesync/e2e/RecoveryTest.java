package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import dev.edgesync.testkit.topology.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No lost invalidation: the outbox survives an origin crash, and a restarted edge catches up. */
class RecoveryTest {

    @Test
    void originKilledBetweenCommitAndPublishDeliversTheInvalidationAfterRestart() throws Exception {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        String id = Content.create(topology, "recovery");
        for (RegionSpec region : regions) {
            Content.readUntil(topology, region.name(), id, Duration.ofSeconds(10), r -> "HIT".equals(r.xCache()));
        }

        // The origin commits but cannot publish: its Kafka is a port nobody listens on. Then it crashes.
        java.util.Map<String, Long> applied = new java.util.HashMap<>();
        for (RegionSpec region : regions) {
            applied.put(region.name(), Content.number(Content.summary(topology, region.name()), "invalidationsApplied"));
        }
        topology.origin().kill();
        try {
            topology.startOrigin(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + Ports.free()));
            assertEquals(2, Content.update(topology, id, "committed, not yet published"));
            // Nothing is published, not even heartbeats: once delay + lease have passed, each region's staleness
            // lease has expired and its copy is revalidated with the origin before it is answered.
            Content.sleep(1_500);
            for (RegionSpec region : regions) {
                Reply reply = Http.get(topology.edgeUrl(region.name()) + Content.path(id));
                assertEquals(2, reply.version(), region.name() + " answered a version committed 1.5 s ago although its "
                        + "stream had stalled (the staleness lease should have sent it to the origin): " + reply);
                assertEquals("expired", reply.header("X-EdgeSync-Lease"), region.name() + ": " + reply);
            }
        } finally {
            topology.origin().kill();
            topology.startOrigin(Map.of());
        }
        // The restarted relay publishes the committed row: every region applies it and its lease holds again.
        for (RegionSpec region : regions) {
            Content.awaitApplied(topology, region.name(), applied.get(region.name()), 1, Duration.ofSeconds(60));
            Content.readUntil(topology, region.name(), id, Duration.ofSeconds(60),
                    r -> r.version() == 2 && !r.isStale() && "held".equals(r.header("X-EdgeSync-Lease")));
        }
    }

    @Test
    void restartedEdgeCatchesUpOnEventsItMissed() throws Exception {
        LocalTopology topology = E2ETopology.get();
        String region = "eu-west";
        String id = Content.create(topology, "recovery");
        Content.readUntil(topology, region, id, Duration.ofSeconds(10), r -> "HIT".equals(r.xCache()));

        topology.edges(region).forEach(ServiceProcess::close);
        assertEquals(2, Content.update(topology, id, "while eu-west was down"));
        Content.sleep(1_000);
        topology.startEdge(region, Map.of());

        Reply fresh = Content.readUntil(topology, region, id, Duration.ofSeconds(60),
                r -> r.version() == 2 && !r.isStale());
        assertEquals(region, fresh.header("X-Edge-Region"));
    }
}
