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
        // the create's own invalidation (it covers the list) must be applied everywhere before the list is read
        long applied = System.currentTimeMillis() + 30_000;
        while (!Http.get(topology.originUrl() + "/api/content/" + item + "/propagation").body()
                .contains("\"status\":\"completed\"")) {
            assertTrue(System.currentTimeMillis() < applied, "the create of " + item + " was never applied everywhere");
            Content.sleep(50);
        }
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
     * The priority lane, measured: a critical purge on a quiet system (baseline); then {@value #BURST} normal purges are
     * put on the invalidation topic at once and a critical and a normal purge go through the API together. Prints,
     * per region, how long after its delay each was applied.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "edgesync.measure", matches = "true",
            disabledReason = "a measurement (10,000 events, minutes of load on the shared topology): -Dedgesync.measure=true")
    void aCriticalPurgeIsAppliedAheadOfABurstOfNormalPurges() throws Exception {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        String quiet = submit(topology, "{\"tags\":[\"lane-quiet\"],\"priority\":\"critical\"}");
        var baseline = latencies(awaitStatus(topology, quiet, "completed", Duration.ofSeconds(60)));

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
        String critical = submit(topology, "{\"tags\":[\"lane-critical\"],\"priority\":\"critical\"}");
        String normal = submit(topology, "{\"tags\":[\"lane-normal\"],\"priority\":\"normal\"}");
        var underBurst = latencies(awaitStatus(topology, critical, "completed", Duration.ofSeconds(180)));
        var normalUnderBurst = latencies(awaitStatus(topology, normal, "completed", Duration.ofSeconds(180)));

        StringBuilder report = new StringBuilder("purge latency beyond the region's delay (applied - issued - delay), ms\n");
        report.append(String.format("  %-9s %6s %10s %28s %26s%n", "region", "delay", "critical,", "critical, " + BURST
                + " normal ahead", "normal, " + BURST + " normal ahead"));
        for (RegionSpec region : regions) {
            long d = region.delayMs();
            report.append(String.format("  %-9s %6d %10d %28d %26d%n", region.name(), d,
                    baseline.get(region.name()) - d, underBurst.get(region.name()) - d,
                    normalUnderBurst.get(region.name()) - d));
        }
        System.out.println(report);
        for (RegionSpec region : regions) {
            Content.awaitApplied(topology, region.name(), appliedBefore.get(region.name()), BURST + 2, Duration.ofSeconds(120));
        }
    }

    private static String submit(LocalTopology topology, String json) {
        Reply purge = Http.post(topology.originUrl() + "/api/purge", json, topology.purgeToken());
        assertEquals(202, purge.status(), purge.body());
        return Http.id(purge);
    }

    /** Each region's {@code latencyMs} in a purge status body. */
    private static java.util.Map<String, Long> latencies(String body) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        json.path("regions").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("latencyMs").asLong(-1)));
        return out;
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
