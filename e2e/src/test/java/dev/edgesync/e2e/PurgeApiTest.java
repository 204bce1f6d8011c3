package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.lab.topology.LocalTopology;
import dev.edgesync.lab.topology.RegionSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The purge API as an operator scripts it, checked through the edges of every region. */
class PurgeApiTest {

    @Test
    void prefixPurgeEndsAtAPathSegmentBoundaryAndIsCanonicalisedLikeCacheKeys() {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        // an item A and an item whose id starts with A's digits (A=3, sibling=37): "/api/content/3" must spare "/37"
        long sibling = 0;
        long item = 0;
        while (item == 0) {
            sibling = Long.parseLong(Content.create(topology, "prefix-e2e"));
            if (sibling >= 20 && Http.get(topology.originUrl() + Content.path(String.valueOf(sibling / 10))).status() == 200) {
                item = sibling / 10;
            }
        }
        String a = String.valueOf(item);
        String b = String.valueOf(sibling);
        for (RegionSpec region : regions) {
            for (String id : List.of(a, b)) {
                Content.readUntil(topology, region.name(), id, Duration.ofSeconds(30), r -> "HIT".equals(r.xCache()));
            }
        }

        // no trailing slash, an encoded unreserved character and a dot segment: the edge's key is /api/content/<a>
        Reply purge = Http.post(topology.originUrl() + "/api/purge",
                "{\"prefixes\":[\"/api/%63ontent/./" + a + "\"],\"mode\":\"hard\"}", topology.purgeToken());
        assertEquals(202, purge.status(), purge.body());
        assertTrue(purge.body().contains("\"/api/content/" + a + "/\""), "the canonical prefix is echoed: " + purge.body());
        awaitStatus(topology, Http.id(purge), "completed", Duration.ofSeconds(30));

        for (RegionSpec region : regions) {
            Reply covered = Http.get(topology.edgeUrl(region.name()) + Content.path(a));
            assertNotEquals("HIT", covered.xCache(), region.name() + " still serves the purged path " + covered);
            Reply spared = Http.get(topology.edgeUrl(region.name()) + Content.path(b));
            assertEquals("HIT", spared.xCache(), region.name() + ": /api/content/" + a + " must not purge /" + b);
        }
    }

    @Test
    void aPatternPurgeBansMatchingPathsWithoutScanningAndPurgeAllReachesEverything() {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        String item = Content.create(topology, "pattern-e2e");
        for (RegionSpec region : regions) {
            Content.readUntil(topology, region.name(), item, Duration.ofSeconds(30), r -> "HIT".equals(r.xCache()));
            readUntilHit(topology, region.name(), "/api/content");
        }

        // every content item (whole segments), not the list /api/content
        Reply purge = Http.post(topology.originUrl() + "/api/purge",
                "{\"patterns\":[\"/api/content/*\"],\"mode\":\"hard\"}", topology.purgeToken());
        assertEquals(202, purge.status(), purge.body());
        awaitStatus(topology, Http.id(purge), "completed", Duration.ofSeconds(30));
        for (RegionSpec region : regions) {
            Reply banned = Http.get(topology.edgeUrl(region.name()) + Content.path(item));
            assertNotEquals("HIT", banned.xCache(), region.name() + " still serves a banned path " + banned);
            Reply list = Http.get(topology.edgeUrl(region.name()) + "/api/content");
            assertEquals("HIT", list.xCache(), region.name() + ": /api/content/* must not ban /api/content");
            // a copy filled after the ban is served again
            Content.readUntil(topology, region.name(), item, Duration.ofSeconds(30), r -> "HIT".equals(r.xCache()));
        }

        Reply all = Http.post(topology.originUrl() + "/api/purge", "{\"all\":true,\"mode\":\"hard\"}",
                topology.purgeToken());
        assertEquals(202, all.status(), all.body());
        awaitStatus(topology, Http.id(all), "completed", Duration.ofSeconds(30));
        for (RegionSpec region : regions) {
            for (String path : List.of(Content.path(item), "/api/content")) {
                Reply r = Http.get(topology.edgeUrl(region.name()) + path);
                assertNotEquals("HIT", r.xCache(), region.name() + " " + path + " after purging everything " + r);
            }
        }
    }

    private static void readUntilHit(LocalTopology topology, String region, String path) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"HIT".equals(Http.get(topology.edgeUrl(region) + path).xCache())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(region + " never served " + path + " as a HIT");
            }
            Content.sleep(20);
        }
    }

    /**
     * The priority lane, measured: {@value #BURST} normal purges are put on the invalidation topic at once, then a
     * critical purge goes through the API. Prints, per region, how long after its delay the critical purge was
     * applied, and how much of the burst the region had applied by then.
     */
    @Test
    void aCriticalPurgeIsAppliedAheadOfABurstOfNormalPurges() throws Exception {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        java.util.Map<String, Long> appliedBefore = new java.util.HashMap<>();
        for (RegionSpec region : regions) {
            appliedBefore.put(region.name(), Content.number(Content.summary(topology, region.name()), "invalidationsApplied"));
        }
        long now = System.currentTimeMillis();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
                "bootstrap.servers", topology.servers().kafkaBootstrap(), "linger.ms", 5),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < BURST; i++) {
                var event = dev.edgesync.events.InvalidationEvent.purge(java.util.UUID.randomUUID().toString(),
                        List.of("/burst/" + i), List.of(), List.of(), dev.edgesync.events.PurgeMode.DEFAULT,
                        dev.edgesync.events.Priority.NORMAL, now);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        dev.edgesync.events.Topics.INVALIDATIONS, event.partitionKey(),
                        dev.edgesync.events.EventCodec.encode(event)));
            }
            producer.flush();
        }
        Reply purge = Http.post(topology.originUrl() + "/api/purge",
                "{\"tags\":[\"critical-lane\"],\"priority\":\"critical\"}", topology.purgeToken());
        assertEquals(202, purge.status(), purge.body());
        String body = awaitStatus(topology, Http.id(purge), "completed", Duration.ofSeconds(180));
        java.util.Map<String, Long> appliedAtCompletion = new java.util.HashMap<>();
        for (RegionSpec region : regions) {
            appliedAtCompletion.put(region.name(),
                    Content.number(Content.summary(topology, region.name()), "invalidationsApplied") - appliedBefore.get(region.name()));
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        StringBuilder report = new StringBuilder("critical purge under a burst of " + BURST + " normal purges:\n");
        for (RegionSpec region : regions) {
            long latency = json.path("regions").path(region.name()).path("latencyMs").asLong(-1);
            report.append(String.format("  %-9s delay %4d ms  applied %5d ms after issue = delay + %4d ms; burst applied by then: %d of %d%n",
                    region.name(), region.delayMs(), latency, latency - region.delayMs(),
                    appliedAtCompletion.get(region.name()), BURST));
        }
        System.out.println(report);
        for (RegionSpec region : regions) {
            Content.awaitApplied(topology, region.name(), appliedBefore.get(region.name()), BURST + 1, Duration.ofSeconds(120));
        }
    }

    private static final int BURST = 10_000;

    /** Polls {@code GET /api/purge/{id}} until its overall status is {@code status}; returns the last body. */
    static String awaitStatus(LocalTopology topology, String id, String status, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Reply last = null;
        while (System.currentTimeMillis() < deadline) {
            last = Http.getWithToken(topology.originUrl() + "/api/purge/" + id, topology.purgeToken());
            if (last.body().contains("\"status\":\"" + status + "\"")) {
                return last.body();
            }
            Content.sleep(50);
        }
        throw new AssertionError("purge " + id + " not " + status + " within " + timeout + ": "
                + (last == null ? null : last.body()));
    }
}
