package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.Strategy;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The seed's consistency timeline: after one update, each region keeps the old version until its
 * delay has passed; the eager region then serves the new version, the lazy ones first answer STALE
 * with the old version and then fresh; all converge.
 */
class SeedTimelineTest {
    /** Generous upper bound on a noisy two-core machine; the lower bounds are strict. */
    private static final long CONVERGENCE_MARGIN_MS = 5_000;

    @Test
    void updateReachesEachRegionNoEarlierThanItsDelayThenAllConverge() throws Exception {
        LocalTopology topology = E2ETopology.get();
        List<RegionSpec> regions = E2ETopology.seedRegions();
        assertEquals(List.of("us-east", "eu-west", "ap-south"), regions.stream().map(RegionSpec::name).toList());

        String id = Content.create(topology, "tech");
        for (RegionSpec region : regions) {
            String url = topology.edgeUrl(region.name()) + Content.path(id);
            Reply first = Http.get(url);
            Reply second = Http.get(url);
            assertEquals("MISS", first.xCache(), region.name() + " first read " + first);
            assertEquals("HIT", second.xCache(), region.name() + " second read " + second);
            assertEquals(1, second.version());
            assertEquals(region.name(), second.header("X-Edge-Region"));
            assertTrue(second.header("Age") != null, "Age header");
        }

        long maxDelay = regions.stream().mapToLong(RegionSpec::delayMs).max().orElseThrow();
        long updateStart = System.currentTimeMillis();
        long newVersion = Content.update(topology, id, "Updated title");
        assertEquals(2, newVersion);

        ExecutorService pollers = Executors.newFixedThreadPool(regions.size());
        Map<RegionSpec, Future<List<Reply>>> timelines = new LinkedHashMap<>();
        for (RegionSpec region : regions) {
            timelines.put(region, pollers.submit(() -> poll(topology, region, id, newVersion,
                    updateStart + maxDelay + CONVERGENCE_MARGIN_MS)));
        }
        StringBuilder report = new StringBuilder("region     strategy delay  firstStale  firstNew  (ms after the update started)\n");
        try {
            for (Map.Entry<RegionSpec, Future<List<Reply>>> entry : timelines.entrySet()) {
                RegionSpec region = entry.getKey();
                List<Reply> timeline = entry.getValue().get();
                report.append(check(region, timeline, updateStart, newVersion)).append('\n');
            }
        } finally {
            pollers.shutdownNow();
            System.out.print(report);
            Files.writeString(LabPaths.root().resolve("e2e/target/seed-timeline.txt"), report,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /** Reads every 10 ms until two fresh reads of the new version in a row, or the deadline. */
    private static List<Reply> poll(LocalTopology topology, RegionSpec region, String id, long newVersion, long deadline) {
        List<Reply> replies = new ArrayList<>();
        String url = topology.edgeUrl(region.name()) + Content.path(id);
        int freshInARow = 0;
        while (System.currentTimeMillis() < deadline && freshInARow < 2) {
            Reply reply = Http.get(url);
            replies.add(reply);
            freshInARow = reply.version() == newVersion && !reply.isStale() ? freshInARow + 1 : 0;
            Content.sleep(10);
        }
        return replies;
    }

    private static String check(RegionSpec region, List<Reply> timeline, long updateStart, long newVersion) {
        String name = region.name();
        Reply firstNew = null;
        Reply firstStale = null;
        for (Reply reply : timeline) {
            assertEquals(200, reply.status(), name + " " + reply);
            if (reply.version() == newVersion) {
                // Strict lower bound: the apply happened before this reply ended and no earlier than issuedAt + delay.
                assertTrue(reply.endedAt() - updateStart >= region.delayMs(), name + " served the new version "
                        + (reply.endedAt() - updateStart) + " ms after the update, before its delay of " + region.delayMs());
                if (firstNew == null && !reply.isStale()) {
                    firstNew = reply;
                }
            } else {
                assertEquals(newVersion - 1, reply.version(), name + " served an unexpected version " + reply);
                assertTrue(firstNew == null, name + " went back to the old version after serving the new one: " + reply);
                if (reply.isStale() && firstStale == null) {
                    firstStale = reply;
                }
                if (firstStale != null && !reply.isStale() && reply.startedAt() > firstStale.endedAt()) {
                    throw new AssertionError(name + " served the old version unmarked after marking it STALE: " + reply);
                }
            }
        }
        assertTrue(firstNew != null, name + " never served version " + newVersion + "; last " + timeline.get(timeline.size() - 1));
        if (region.strategy() == Strategy.EAGER) {
            assertTrue(firstStale == null, name + " is eager but served STALE: " + firstStale);
        } else {
            assertTrue(firstStale != null, name + " is lazy but never answered STALE before the new version");
            assertTrue(firstStale.endedAt() - updateStart >= region.delayMs() - 0, name + " marked stale before its delay");
        }
        assertFalse(timeline.isEmpty());
        return String.format("%-10s %-8s %5d %10s %9d", name, region.strategy().wire(), region.delayMs(),
                firstStale == null ? "-" : String.valueOf(firstStale.endedAt() - updateStart),
                firstNew.endedAt() - updateStart);
    }
}
