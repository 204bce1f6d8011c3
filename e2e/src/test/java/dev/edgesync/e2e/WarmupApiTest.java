package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/warmup} (purge token) reads the given paths, and the items of the given tags, through every
 * region, so the first reader in each region gets a HIT.
 */
class WarmupApiTest {
    private final LocalTopology topology = E2ETopology.get();

    @Test
    void aWarmUpByPathAndByTagMakesTheFirstReadInEveryRegionAHit() {
        String tag = "warm-" + UUID.randomUUID().toString().substring(0, 8);
        String byPath = Content.create(topology);
        String byTag = Content.create(topology, tag);
        // the subject is the warm-up, not a region still starting (its Redis slow: BYPASS, not stored) nor an item
        // whose creation has not reached every region yet (an apply racing the warm-up's fill keeps it out)
        String probe = Content.create(topology);
        for (String id : new String[] { byPath, byTag, probe }) {
            Content.awaitPropagated(topology, id, Duration.ofSeconds(30));
        }
        for (RegionSpec region : E2ETopology.seedRegions()) {
            Content.readUntil(topology, region.name(), probe, Duration.ofSeconds(30), r -> "HIT".equals(r.xCache()));
        }

        Reply warmed = Http.post(topology.originUrl() + "/api/warmup",
                "{\"paths\":[\"" + Content.path(byPath) + "\"],\"tags\":[\"" + tag + "\"]}", topology.purgeToken());
        assertEquals(200, warmed.status(), warmed.body());
        for (RegionSpec region : E2ETopology.seedRegions()) {
            assertTrue(warmed.body().contains("\"" + region.name() + "\""), "every region warmed: " + warmed.body());
            assertTrue(!warmed.body().contains("ERROR"), "every read of the warm-up answered: " + warmed.body());
            for (String id : new String[] { byPath, byTag }) {
                Reply first = Http.get(topology.edgeUrl(region.name()) + Content.path(id));
                assertEquals(200, first.status());
                assertEquals("HIT", first.header("X-Cache"), region.name() + ": the first read of " + id
                        + " after the warm-up " + warmed.body());
            }
        }
    }

    @Test
    void aWarmUpNeedsThePurgeTokenAndAPathOfThisOrigin() {
        String url = topology.originUrl() + "/api/warmup";
        assertEquals(401, Http.post(url, "{\"paths\":[\"/api/content/1\"]}", null).status());
        assertEquals(401, Http.post(url, "{\"paths\":[\"/api/content/1\"]}", topology.writeToken()).status());
        Reply otherHost = Http.post(url, "{\"paths\":[\"//example.org/x\"]}", topology.purgeToken());
        assertEquals(400, otherHost.status(), otherHost.body());
        assertEquals("application/problem+json", otherHost.header("Content-Type"));
        assertEquals(400, Http.post(url, "{}", topology.purgeToken()).status());
    }
}
