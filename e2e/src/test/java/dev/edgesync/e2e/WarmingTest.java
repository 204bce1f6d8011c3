package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.events.Strategy;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cache warming: an eager region with {@code edgesync.warming.enabled} re-reads its hot keys once an update is
 * applied, so the next reader gets a HIT of the new version where a region without warming answers MISS.
 */
class WarmingTest {
    private static final String WARM = "warm";
    private static final String COLD = "cold";
    private static final Pattern WARMED = Pattern.compile("edgesync_warmup_fetches_total\\{[^}]*\\} ([0-9.]+)");
    private static final Pattern INVALIDATIONS = Pattern.compile("\"invalidationsApplied\"\\s*:\\s*(\\d+)");

    private static LocalTopology topology;

    @BeforeAll
    static void startRegions() throws IOException {
        topology = E2ETopology.get();
        topology.addRegion(new RegionSpec(WARM, 100, Strategy.EAGER), Map.of("EDGESYNC_WARMING_ENABLED", "true"));
        topology.addRegion(new RegionSpec(COLD, 100, Strategy.EAGER), Map.of());
        for (String region : new String[] { WARM, COLD }) {
            until(Duration.ofSeconds(60), () -> Http.get(topology.edgeUrl(region) + "/q/health/ready").status() == 200);
        }
    }

    @Test
    void aWarmedRegionAnswersTheFirstReadAfterAnUpdateWithAHitOfTheNewVersion() {
        String id = Content.create(topology);
        String path = Content.path(id);
        for (String region : new String[] { WARM, COLD }) {
            for (int i = 0; i < 5; i++) { // a hot key
                Http.get(topology.edgeUrl(region) + path);
            }
        }
        double warmed = warmed();
        long warmApplied = counter(WARM, INVALIDATIONS);
        long coldApplied = counter(COLD, INVALIDATIONS);
        long version = Content.update(topology, id, "warmed");

        // wait without reading the item: until the warm region applied the update and its own re-read was answered
        until(Duration.ofSeconds(30), () -> counter(WARM, INVALIDATIONS) > warmApplied && warmed() > warmed);
        until(Duration.ofSeconds(30), () -> counter(COLD, INVALIDATIONS) > coldApplied);
        Reply warm = Http.get(topology.edgeUrl(WARM) + path);
        Reply cold = Http.get(topology.edgeUrl(COLD) + path);
        assertEquals("MISS", cold.header("X-Cache"), "without warming the first read after the update fills");
        assertEquals("HIT", warm.header("X-Cache"), "with warming the first read is a hit");
        assertEquals(String.valueOf(version), warm.header("X-Content-Version"));
    }

    /**
     * Warming, measured: {@value #HOT} hot items read in both regions, then {@value #ROUNDS} updates; once both
     * regions applied an update (and 300 ms more), a reader reads every hot item once in each region. Prints per
     * region the readers' hit ratio, the origin fetches (warm-up fetches included) and the readers' latency.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "edgesync.measure", matches = "true",
            disabledReason = "a measurement (about a minute): -Dedgesync.measure=true")
    void measureHitRatioOriginFetchesAndLatencyWithAndWithoutWarming() {
        java.util.List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < HOT; i++) {
            items.add(Content.create(topology));
        }
        for (String region : new String[] { WARM, COLD }) {
            for (String id : items) {
                for (int i = 0; i < 5; i++) {
                    Http.get(topology.edgeUrl(region) + Content.path(id));
                }
            }
        }
        Map<String, Long> fetchesBefore = new java.util.HashMap<>();
        Map<String, java.util.List<Reply>> reads = new java.util.HashMap<>();
        for (String region : new String[] { WARM, COLD }) {
            fetchesBefore.put(region, Content.number(Content.summary(topology, region), "originFetches"));
            reads.put(region, new java.util.ArrayList<>());
        }
        double warmedBefore = warmed();
        for (int round = 0; round < ROUNDS; round++) {
            long warmApplied = counter(WARM, INVALIDATIONS);
            long coldApplied = counter(COLD, INVALIDATIONS);
            Content.update(topology, items.get(round % HOT), "round " + round);
            until(Duration.ofSeconds(30), () -> counter(WARM, INVALIDATIONS) > warmApplied
                    && counter(COLD, INVALIDATIONS) > coldApplied);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            for (String region : new String[] { WARM, COLD }) {
                for (String id : items) {
                    reads.get(region).add(Http.get(topology.edgeUrl(region) + Content.path(id)));
                }
            }
        }
        StringBuilder table = new StringBuilder(String.format(
                "%n| region | warming | reads | hit ratio | origin fetches | warm-up fetches | p50 ms | p99 ms |%n"
                        + "|---|---|---|---|---|---|---|---|%n"));
        for (String region : new String[] { WARM, COLD }) {
            java.util.List<Reply> list = reads.get(region);
            long hits = list.stream().filter(r -> "HIT".equals(r.xCache())).count();
            long[] latency = list.stream().mapToLong(r -> r.endedAt() - r.startedAt()).sorted().toArray();
            long fetches = Content.number(Content.summary(topology, region), "originFetches") - fetchesBefore.get(region);
            table.append(String.format("| %s | %s | %d | %.1f%% | %d | %s | %d | %d |%n", region,
                    WARM.equals(region) ? "on" : "off", list.size(), 100.0 * hits / list.size(), fetches,
                    WARM.equals(region) ? String.valueOf((long) (warmed() - warmedBefore)) : "-",
                    latency[(int) Math.floor(0.5 * (latency.length - 1))],
                    latency[(int) Math.ceil(0.99 * (latency.length - 1))]));
        }
        System.out.println("Warming, " + ROUNDS + " updates over " + HOT + " hot items, eager regions, delay 100 ms:"
                + table);
    }

    private static final int HOT = 10;
    private static final int ROUNDS = 20;

    private static double warmed() {
        Matcher m = WARMED.matcher(Http.get(topology.edgeUrl(WARM) + "/q/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long counter(String region, Pattern pattern) {
        Reply summary = Http.get(topology.edgeUrl(region) + "/metrics/summary");
        Matcher m = pattern.matcher(summary.body());
        if (!m.find()) {
            throw new AssertionError("no " + pattern + " in " + summary.body());
        }
        return Long.parseLong(m.group(1));
    }

    private static void until(Duration timeout, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
