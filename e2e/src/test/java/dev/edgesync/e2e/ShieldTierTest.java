package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.Strategy;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A shield tier that lags behind: region {@value #REGION} (eager, 100 ms) fills from the ap-south edge
 * (lazy, 600 ms) instead of the origin. After the lower tier applied an update it must not take the
 * shield's older copy: it asks for the new version, which makes the shield refill from the origin before
 * its own delay has passed, and it never goes back to the old version.
 */
class ShieldTierTest {
    private static final String REGION = "shielded";
    private static final String SHIELD = "ap-south";

    @Test
    void lowerTierNeverStoresWhatItsLaggingShieldStillHas() throws Exception {
        LocalTopology topology = E2ETopology.get();
        if (topology.regions().stream().noneMatch(r -> r.name().equals(REGION))) {
            topology.addRegion(new RegionSpec(REGION, 100, Strategy.EAGER),
                    Map.of("EDGESYNC_SHIELD_URL", topology.edgeUrl(SHIELD)));
        }
        String id = Content.create(topology, "shielded");
        String lower = topology.edgeUrl(REGION) + Content.path(id);
        String shield = topology.edgeUrl(SHIELD) + Content.path(id);

        Content.readUntil(topology, REGION, id, Duration.ofSeconds(20), r -> "HIT".equals(r.xCache()));
        Content.readUntil(topology, SHIELD, id, Duration.ofSeconds(20), r -> "HIT".equals(r.xCache()));

        long updateStart = System.currentTimeMillis();
        assertEquals(2, Content.update(topology, id, "seen below before the shield"));

        Reply firstNew = null;
        long deadline = updateStart + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Reply reply = Http.get(lower);
            assertEquals(200, reply.status(), reply.toString());
            if (reply.version() == 2) {
                assertTrue(reply.endedAt() - updateStart >= 100, "new before the lower tier's delay: " + reply);
                if (firstNew == null) {
                    firstNew = reply;
                    // The lower tier asked its shield for at least v2 before the shield applied the update
                    // itself (600 ms): the shield refilled from the origin instead of handing down its v1.
                    Reply atShield = Http.get(shield);
                    if (atShield.startedAt() - updateStart < 550) {
                        assertEquals(2, atShield.version(), "the shield kept v1 although asked for v2: " + atShield);
                    }
                }
            } else {
                assertTrue(firstNew == null, "the lower tier went back to the old version: " + reply);
            }
            if (firstNew != null && reply.startedAt() > firstNew.endedAt() + 1_000) {
                break;
            }
            Content.sleep(10);
        }
        assertTrue(firstNew != null, "the lower tier never served the new version");
        System.out.printf("shield tier: lower tier served v2 %d ms after the update (its delay 100 ms, shield's 600 ms)%n",
                firstNew.endedAt() - updateStart);
    }
}
