package dev.edgesync.edge.warming;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.hit.HitRoute;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.PlainHttpCacheProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a replica warms its JIT through its own read path before it reports ready, from a loopback origin of its
 * own (a quarter of its requests on new connections), and leaves nothing behind: the real origin never sees a
 * warm-up request, L1 holds none of its objects, and its keys go to the real origin once it is over.
 */
@QuarkusTest
@TestProfile(JitWarmupTest.WarmUpFirst.class)
class JitWarmupTest extends EdgeTestSupport {
    static final int REQUESTS = 2_000;

    public static class WarmUpFirst extends PlainHttpCacheProfile {
        @Override
        protected Map<String, String> more() {
            return Map.of("edgesync.jit-warmup.requests", String.valueOf(REQUESTS),
                    "edgesync.jit-warmup.connections", "16", "edgesync.jit-warmup.until-quiet", "false");
        }
    }

    @Inject
    JitWarmup warmup;

    @Inject
    WarmupOrigin origin;

    @Inject
    HitRoute hitRoute;

    @Inject
    L1Cache l1;

    @Test
    void warmsThroughTheReadPathThenIsReadyAndLeavesNothingBehind() throws InterruptedException {
        long until = System.currentTimeMillis() + 60_000;
        while (warmup.state() != JitWarmup.State.DONE && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertEquals(JitWarmup.State.DONE, warmup.state(), "warm-up finished within a minute");
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertEquals("UP", health.getString("checks.find { it.name == 'jit-warmup' }.status"));

        // every request answered, through the read path: fills from the loopback origin, far fewer than requests
        // (collapsed waits, hits), and hits answered on the event loop
        assertTrue(warmup.answered() >= REQUESTS * 9 / 10, "answered " + warmup.answered());
        int fills = origin.asked();
        assertTrue(fills >= WarmupPlan.objects(REQUESTS) && fills < REQUESTS * 3 / 4,
                "loopback origin asked " + fills);
        assertTrue(hitRoute.answered() > REQUESTS / 4, "event-loop hits " + hitRoute.answered());
        // a quarter of its lanes opened a new connection per request: accepting and closing one is warmed too
        assertTrue(warmup.connectionsOpened() > REQUESTS / 8, "connections opened " + warmup.connectionsOpened());

        // nothing reached the real origin, and nothing stays in L1
        assertTrue(ORIGIN.unrouted.stream().noneMatch(k -> k.startsWith(WarmupOrigin.ROOT)), ORIGIN.unrouted
                .toString());
        String first = origin.key(0);
        assertNull(l1.find(first, name -> null), "the warm-up's objects are out of L1");

        // over: its keys are routed like any client's, to the real origin
        assertNull(origin.baseFor(first));
        assertEquals(404, get(first).statusCode());
        assertTrue(ORIGIN.unrouted.contains(first), ORIGIN.unrouted.toString());
    }
}
