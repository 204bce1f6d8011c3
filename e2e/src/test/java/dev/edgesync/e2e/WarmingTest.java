package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.topology.LocalTopology;
import dev.edgesync.lab.topology.RegionSpec;
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
