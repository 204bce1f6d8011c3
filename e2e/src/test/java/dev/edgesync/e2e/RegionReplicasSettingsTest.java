package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import dev.edgesync.testkit.topology.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A strategy/delay change from the console reaches the one replica the region's URL answers with, and from there
 * every other replica of the region (over the region's Redis).
 */
class RegionReplicasSettingsTest {

    @Test
    void aChangeFromTheConsoleReachesEveryReplicaOfTheRegion() throws Exception {
        LocalTopology topology = E2ETopology.get();
        String region = "eu-west";
        RegionSpec original = topology.region(region);
        try (ServiceProcess second = topology.startEdge(region, Map.of())) {
            Content.readUntil(topology, region, Content.create(topology), Duration.ofSeconds(30), r -> r.status() == 200);
            long changed = original.delayMs() + 1234;
            String other = "eager".equals(original.strategy().wire()) ? "lazy" : "eager";
            try {
                change(topology, region, "{\"strategy\":\"" + other + "\",\"delayMs\":" + changed + "}");
                long deadline = System.currentTimeMillis() + 10_000;
                Map<String, Object> summary;
                do {
                    summary = summary(second.url());
                    if (Long.valueOf(changed).equals(((Number) summary.get("delayMs")).longValue())
                            && other.equals(summary.get("strategy"))) {
                        break;
                    }
                    Thread.sleep(50);
                } while (System.currentTimeMillis() < deadline);
                assertEquals(changed, ((Number) summary.get("delayMs")).longValue(), "the second replica's delay");
                assertEquals(other, summary.get("strategy"), "the second replica's strategy");
            } finally {
                change(topology, region, "{\"strategy\":\"" + original.strategy().wire() + "\",\"delayMs\":"
                        + original.delayMs() + "}");
            }
        }
        // the second replica's partitions go back to the first (a consumer-group rebalance that starts a moment
        // after the close), whose staleness lease holds again once it has applied them up to now: wait for the lease
        // to hold through a whole window, so the tests after this one find the region as this one found it
        long deadline = System.currentTimeMillis() + 90_000;
        long heldSince = -1;
        while (heldSince < 0 || System.currentTimeMillis() - heldSince < STABLE_MS) {
            assertTrue(System.currentTimeMillis() < deadline, region + "'s lease never held steadily again");
            boolean held = "held".equals(leaseState(topology.edgeUrl(region)));
            heldSince = !held ? -1 : heldSince < 0 ? System.currentTimeMillis() : heldSince;
            Thread.sleep(100);
        }
    }

    /** How long the lease must hold without a lapse before the region counts as settled again. */
    private static final long STABLE_MS = 8_000;

    @SuppressWarnings("unchecked")
    private static String leaseState(String edgeUrl) throws Exception {
        Object lease = summary(edgeUrl).get("lease");
        return lease instanceof Map<?, ?> m ? String.valueOf(m.get("state")) : null;
    }

    private static void change(LocalTopology topology, String region, String json) {
        Reply reply = Http.put(topology.originUrl() + "/console/api/regions/" + region, json, topology.adminToken());
        assertEquals(200, reply.status(), reply.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(String edgeUrl) throws Exception {
        Reply reply = Http.get(edgeUrl + "/metrics/summary");
        assertEquals(200, reply.status(), reply.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(reply.body(), Map.class);
    }
}
