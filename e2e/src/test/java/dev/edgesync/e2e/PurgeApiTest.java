package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
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
        Content.awaitPropagated(topology, item, Duration.ofSeconds(30));
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
     * The priority lane, measured: one critical purge on each priority partition (the first record there since the
     * edges started), {@value #SAMPLES} critical purges on a quiet system, then {@value #BURST} normal purges put on
     * the invalidation topic at once and {@value #SAMPLES} critical purges (200 ms apart) while the regions work
     * through that backlog, one normal purge behind it, and once it is applied {@value #SAMPLES} normal purges of each
     * kind. Prints P50/P99 of applied - (issued + delay) per region, and where the critical purges' time went before
     * the edges: issued to handed to the producer (the record's CreateTime) and producer to a plain consumer.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "edgesync.measure", matches = "true",
            disabledReason = "a measurement (10,000 events, minutes of load on the shared topology): -Dedgesync.measure=true")
    void criticalPurgesReachEveryRegionWithinTheirDelayDuringABurstOfNormalPurges() throws Exception {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        try (LaneProbe probe = new LaneProbe(topology.servers().kafkaBootstrap())) {
            // a normal purge first, so the origin's purge path is warm and "first" shows the lane itself
            awaitStatus(topology, submit(topology, "{\"tags\":[\"lane-warm-up\"]}"), "completed", Duration.ofSeconds(60));
            LaneSamples first = firstOnEachPartition(topology, regions, probe);
            LaneSamples quiet = criticalPurges(topology, regions, probe, "quiet", SAMPLES);

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
            long burstSent = System.currentTimeMillis();
            // each region's drain of the burst, watched from its own thread: a backlog drains at the most events per
            // second the region applies, so that is the sustained rate beyond which its lag grows
            java.util.Map<String, Long> drained = new java.util.concurrent.ConcurrentHashMap<>();
            Thread drainWatch = new Thread(() -> {
                while (drained.size() < regions.size() && System.currentTimeMillis() - burstSent < 300_000) {
                    for (RegionSpec region : regions) {
                        if (!drained.containsKey(region.name()) && Content.number(Content.summary(topology,
                                region.name()), "invalidationsApplied") >= appliedBefore.get(region.name()) + BURST + SAMPLES + 1) {
                            drained.put(region.name(), System.currentTimeMillis());
                        }
                    }
                    Content.sleep(100);
                }
            }, "drain-watch");
            drainWatch.setDaemon(true);
            drainWatch.start();
            LaneSamples underBurst = criticalPurges(topology, regions, probe, "burst", SAMPLES);
            String normal = submit(topology, "{\"tags\":[\"lane-normal\"],\"priority\":\"normal\"}");
            var normalUnderBurst = latencies(awaitStatus(topology, normal, "completed", Duration.ofSeconds(300)));

            // the burst is applied everywhere: the kinds are measured quiet
            for (RegionSpec region : regions) {
                Content.awaitApplied(topology, region.name(), appliedBefore.get(region.name()), BURST + 1,
                        Duration.ofSeconds(300));
            }
            drainWatch.join(10_000);
            java.util.Map<String, LaneSamples> byKind = new java.util.LinkedHashMap<>();
            byKind.put("key", purges(topology, regions, "{\"keys\":[\"/lane/key/%d\"]}"));
            byKind.put("tag", purges(topology, regions, "{\"tags\":[\"lane-kind-%d\"]}"));
            byKind.put("prefix", purges(topology, regions, "{\"prefixes\":[\"/lane/prefix/%d\"]}"));
            byKind.put("pattern", purges(topology, regions, "{\"patterns\":[\"/lane/%d/*.png\"]}"));

            StringBuilder report = new StringBuilder("critical purges: applied - (issued + delay), ms\n");
            report.append(String.format("  %-9s %6s %16s %16s %28s %24s%n", "region", "delay", "first/partition",
                    "quiet P50/P99", "behind " + BURST + " normal P50/P99", "one normal behind them"));
            for (RegionSpec region : regions) {
                report.append(String.format("  %-9s %6d %16s %16s %28s %24d%n", region.name(), region.delayMs(),
                        first.beyondDelay(region), quiet.beyondDelay(region), underBurst.beyondDelay(region),
                        normalUnderBurst.get(region.name()) - region.delayMs()));
            }
            report.append(String.format("  before the edges (P50/P99, ms): issued -> handed to the producer %s first, %s quiet,"
                    + " %s burst; producer -> a plain consumer %s first, %s quiet, %s burst%n", first.issuedToSent(),
                    quiet.issuedToSent(), underBurst.issuedToSent(), first.sentToReceived(), quiet.sentToReceived(),
                    underBurst.sentToReceived()));
            report.append("  stages of the critical purges behind the burst (P50 / P99 ms; transit = origin's producer ->"
                    + " edge consumer method, late = received after issued + delay, timer = due -> apply thread ran, ack = applied ->"
                    + " broker acked the region's ack):\n").append(underBurst.stages(regions));
            report.append("  the same, quiet:\n").append(quiet.stages(regions));
            report.append(String.format("  first/partition: the first critical purge on each priority partition since the"
                    + " edges started; then %d critical purges quiet and %d behind the burst, 200 ms apart%n", SAMPLES, SAMPLES));
            report.append(String.format("burst drain (%d events put on the topic at once; the rate is the most a region"
                    + " applies before its lag grows):%n", BURST + SAMPLES + 1));
            for (RegionSpec region : regions) {
                Long at = drained.get(region.name());
                report.append(at == null ? String.format("  %-9s not drained%n", region.name())
                        : String.format("  %-9s %6.1f s  %6.0f events/s%n", region.name(), (at - burstSent) / 1000.0,
                                (BURST + SAMPLES + 1) * 1000.0 / Math.max(1, at - burstSent)));
            }
            report.append(String.format("normal purges by kind, %d each, quiet: applied - (issued + delay), P50 / P99 ms%n",
                    SAMPLES));
            report.append(String.format("  %-9s", "region"));
            byKind.keySet().forEach(kind -> report.append(String.format(" %12s", kind)));
            report.append('\n');
            for (RegionSpec region : regions) {
                report.append(String.format("  %-9s", region.name()));
                byKind.values().forEach(samples -> report.append(String.format(" %12s", samples.beyondDelay(region))));
                report.append('\n');
            }
            System.out.println(report);
        }
    }

    /** One critical purge on each partition of the priority topic, each the first record there since the edges started. */
    private static LaneSamples firstOnEachPartition(LocalTopology topology, List<RegionSpec> regions, LaneProbe probe)
            throws Exception {
        int partitions = probe.partitions();
        LaneSamples samples = new LaneSamples();
        for (int p = 0; p < partitions; p++) {
            String tag = null;
            for (int i = 0; tag == null; i++) {
                byte[] key = ("tag:lane-first-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                        % partitions == p) {
                    tag = "lane-first-" + i;
                }
            }
            samples.addAll(criticalPurges(topology, regions, probe, tag, 1));
        }
        return samples;
    }

    /** Submits {@code count} critical purges, 200 ms apart, and waits for each to complete. */
    private static LaneSamples criticalPurges(LocalTopology topology, List<RegionSpec> regions, LaneProbe probe,
            String label, int count) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        java.util.Map<String, Long> issued = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String tag = count == 1 ? label : "lane-" + label + "-" + i;
            ids.add(submit(topology, "{\"tags\":[\"" + tag + "\"],\"priority\":\"critical\"}"));
            Content.sleep(200);
        }
        LaneSamples samples = new LaneSamples();
        for (String id : ids) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    awaitStatus(topology, id, "completed", Duration.ofSeconds(120)));
            long issuedAt = json.path("createdAt").asLong();
            for (RegionSpec region : regions) {
                samples.add(region.name(), json.path("regions").path(region.name()).path("latencyMs").asLong()
                        - region.delayMs());
            }
            LaneProbe.Seen seen = probe.await(id, Duration.ofSeconds(30));
            samples.add("issued->sent", seen.sentAt() - issuedAt);
            samples.add("sent->received", seen.receivedAt() - seen.sentAt());
            issued.put(id, issuedAt);
        }
        samples.addStages(topology, regions, issued);
        return samples;
    }

    /**
     * The stage lines the origin ({@code outbox stages}) and the edges ({@code apply stages}) log for each event of the
     * priority lane, by event id: {@code name=value} pairs, epoch ms.
     */
    private static java.util.Map<String, java.util.Map<String, Long>> stageLines(java.nio.file.Path log, String marker)
            throws java.io.IOException {
        java.util.Map<String, java.util.Map<String, Long>> byEvent = new java.util.HashMap<>();
        java.util.regex.Pattern pair = java.util.regex.Pattern.compile("(\\w+)=(-?\\d+)\\b");
        java.util.regex.Pattern event = java.util.regex.Pattern.compile("event=(\\S+)");
        if (!java.nio.file.Files.exists(log)) {
            return byEvent;
        }
        try (var lines = java.nio.file.Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
            lines.filter(line -> line.contains(marker)).forEach(line -> {
                var id = event.matcher(line);
                if (!id.find()) {
                    return;
                }
                java.util.Map<String, Long> values = new java.util.HashMap<>();
                var m = pair.matcher(line.substring(line.indexOf(marker)));
                while (m.find()) {
                    values.put(m.group(1), Long.parseLong(m.group(2)));
                }
                byEvent.put(id.group(1), values);
            });
        }
        return byEvent;
    }

    /** {@value #SAMPLES} normal purges of {@code json} (a format with one {@code %d}), 200 ms apart; latency beyond each delay. */
    private static LaneSamples purges(LocalTopology topology, List<RegionSpec> regions, String json) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            ids.add(submit(topology, String.format(json, i)));
            Content.sleep(200);
        }
        LaneSamples samples = new LaneSamples();
        for (String id : ids) {
            var status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    awaitStatus(topology, id, "completed", Duration.ofSeconds(120)));
            for (RegionSpec region : regions) {
                samples.add(region.name(), status.path("regions").path(region.name()).path("latencyMs").asLong()
                        - region.delayMs());
            }
        }
        return samples;
    }

    /** Latencies by series (a region, or a step before the edges), with nearest-rank percentiles. */
    private static final class LaneSamples {
        private final java.util.Map<String, List<Long>> series = new java.util.HashMap<>();

        void add(String name, long ms) {
            series.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(ms);
        }

        void addAll(LaneSamples other) {
            other.series.forEach((name, values) -> values.forEach(v -> add(name, v)));
        }

        String beyondDelay(RegionSpec region) {
            return p50p99(region.name());
        }

        /**
         * Adds where each critical purge spent its time, from the services' stage lines: at the origin issued ->
         * committed -> handed to the producer -> acknowledged by the broker; in each region transit (handed to the
         * producer -> received), late (received after issued + delay: the delay was spent before the region had it), timer (due -> the apply thread ran it), redis, ack.
         */
        void addStages(LocalTopology topology, List<RegionSpec> regions, java.util.Map<String, Long> issued)
                throws java.io.IOException {
            java.nio.file.Path dir = topology.regionFile(regions.get(0).name()).getParent();
            var origin = stageLines(dir.resolve("origin.log"), "outbox stages");
            java.util.Map<String, java.util.Map<String, java.util.Map<String, Long>>> edges = new java.util.HashMap<>();
            for (RegionSpec region : regions) {
                edges.put(region.name(), stageLines(dir.resolve("edge-" + region.name() + ".log"), "apply stages"));
            }
            issued.forEach((id, issuedAt) -> {
                var o = origin.get(id);
                if (o != null && o.getOrDefault("committed", 0L) > 0) {
                    add("origin issued->committed", o.get("committed") - issuedAt);
                    add("origin committed->handed", o.get("handed") - o.get("committed"));
                }
                if (o != null && o.getOrDefault("acked", 0L) > 0) {
                    add("origin handed->acked", o.get("acked") - o.get("handed"));
                }
                for (RegionSpec region : regions) {
                    var e = edges.get(region.name()).get(id);
                    if (e == null) {
                        continue;
                    }
                    String r = region.name() + " ";
                    add(r + "transit", e.get("received") - e.get("produced"));
                    add(r + "late", Math.max(0, e.get("received") - (issuedAt + region.delayMs())));
                    add(r + "timer", e.get("started") - Math.max(e.get("due"), e.get("received")));
                    add(r + "redis", e.get("applied") - e.get("started"));
                    if (e.getOrDefault("ackSent", 0L) > 0) {
                        add(r + "ack", e.get("ackSent") - e.get("applied"));
                    }
                }
            });
        }

        /** P50/P99 of every stage series, one line each. */
        String stages(List<RegionSpec> regions) {
            StringBuilder out = new StringBuilder();
            for (String stage : List.of("origin issued->committed", "origin committed->handed", "origin handed->acked")) {
                out.append(String.format("    %-26s %s%n", stage, p50p99(stage)));
            }
            for (RegionSpec region : regions) {
                out.append(String.format("    %-9s", region.name()));
                for (String stage : List.of("transit", "late", "timer", "redis", "ack")) {
                    out.append(String.format(" %s %s;", stage, p50p99(region.name() + " " + stage)));
                }
                out.append('\n');
            }
            return out.toString();
        }

        String issuedToSent() {
            return p50p99("issued->sent");
        }

        String sentToReceived() {
            return p50p99("sent->received");
        }

        private String p50p99(String name) {
            List<Long> sorted = series.getOrDefault(name, List.of()).stream().sorted().toList();
            if (sorted.isEmpty()) {
                return "-";
            }
            return percentile(sorted, 50) + " / " + percentile(sorted, 99);
        }

        private static long percentile(List<Long> sorted, int p) {
            return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    /** A plain consumer of the priority topic: when each event was handed to the producer and when it arrived here. */
    private static final class LaneProbe implements AutoCloseable {
        record Seen(long sentAt, long receivedAt) {
        }

        private final java.util.concurrent.ConcurrentMap<String, Seen> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private final org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private final int partitions;
        private volatile boolean stopped;

        LaneProbe(String bootstrap) {
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(java.util.Map.of(
                    "bootstrap.servers", bootstrap, "group.id", "lane-probe-" + java.util.UUID.randomUUID(),
                    "auto.offset.reset", "latest"),
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.StringDeserializer());
            consumer.subscribe(List.of(dev.edgesync.events.Topics.PRIORITY_INVALIDATIONS));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            partitions = consumer.partitionsFor(dev.edgesync.events.Topics.PRIORITY_INVALIDATIONS).size();
            thread = new Thread(this::run, "lane-probe");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (!stopped) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    try {
                        var event = dev.edgesync.events.EventCodec.decodeEvent(record.value());
                        seen.put(event.id(), new Seen(record.timestamp(), now));
                    } catch (dev.edgesync.events.InvalidEventException e) {
                        // not ours to judge
                    }
                }
            }
            consumer.close();
        }

        int partitions() {
            return partitions;
        }

        Seen await(String id, Duration timeout) {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!seen.containsKey(id)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("event " + id + " never seen on the priority topic");
                }
                Content.sleep(20);
            }
            return seen.get(id);
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(5000);
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
    private static final int SAMPLES = 30;

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
