package dev.edgesync.edge.invalidation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.read.ClientRequest;
import dev.edgesync.edge.read.ReceiveRules;
import dev.edgesync.edge.read.RegionFill;
import dev.edgesync.edge.read.Reply;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.KafkaProbe;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With the heartbeats stopped, a replica stops trusting its copies after delay + lease. */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class StalenessLeaseTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @Inject
    RegionFill regionFill;

    @Inject
    ReceiveRules receiveRules;

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    @AfterEach
    void heartbeatsAgain() {
        KafkaProbe.resumeHeartbeats();
    }

    private static String leaseState() {
        return given().get("/metrics/summary").then().statusCode(200).extract().path("lease.state");
    }

    private static void awaitLeaseState(String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!state.equals(leaseState())) {
            assertTrue(System.nanoTime() < deadline, "lease never became " + state);
            sleep(20);
        }
    }

    @Test
    void theLeaseHoldsWhileHeartbeatsFlowAndIsShown() {
        String p = path("lease/held");
        ORIGIN.route(p).version(1);
        get(p);
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals("held", hit.getHeader("X-EdgeSync-Lease"));
        assertEquals("held", leaseState());
        String prometheus = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(prometheus.contains("edgesync_lease_held{region=\"" + EdgeTestResources.REGION + "\"} 1.0"),
                "edgesync_lease_held in /q/metrics");
        assertTrue(prometheus.contains("edgesync_applied_lag_seconds{"), "edgesync_applied_lag_seconds in /q/metrics");
    }

    @Test
    void withoutHeartbeatsAHitBecomesARevalidationThatServesTheNewVersion() {
        String p = path("lease/stalled");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        assertEquals("HIT", get(p).getHeader("X-Cache"));

        // the stream stalls: the origin's change never reaches this region as an event
        KafkaProbe.pauseHeartbeats();
        route.version(2);
        long stalled = System.currentTimeMillis();
        awaitLeaseState("expired");
        long expiredAfter = System.currentTimeMillis() - stalled;
        // delay 100 ms + the test profile's lease of 3 s, plus a refresh and a loaded machine's slack
        assertTrue(expiredAfter < 100 + 3000 + 1500, "expired " + expiredAfter + " ms after the last heartbeat");

        int conditionalBefore = route.conditionalRequests.get();
        Response r = get(p);
        assertEquals(200, r.statusCode());
        assertEquals(2, version(r));
        assertEquals("expired", r.getHeader("X-EdgeSync-Lease"));
        assertFalse("HIT".equals(r.getHeader("X-Cache")));
        assertEquals(conditionalBefore + 1, route.conditionalRequests.get(), "the copy was revalidated");

        KafkaProbe.resumeHeartbeats();
        awaitLeaseState("held");
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    /**
     * A miss whose own lookup did not see the stored copy (it timed out on a loaded machine, say) goes to the region
     * fill, which looks again: with the lease expired, the old copy it finds is not a fill made for this request and
     * must not be answered as a HIT (a restarted edge answered versions its region had not applied yet).
     */
    @Test
    void aMissThatFindsAnOldCopyWhileTheLeaseIsExpiredFetchesInsteadOfAnsweringIt() {
        String p = path("lease/miss-finds-old-copy");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        KafkaProbe.pauseHeartbeats();
        route.version(2);
        awaitLeaseState("expired");
        ClientRequest request = ClientRequest.receive("GET", p, null, java.util.Map.of(), new byte[0], receiveRules);
        Reply reply = regionFill.fill(request, null, request.key()).await().atMost(Duration.ofSeconds(10));
        assertFalse(reply.result() == EdgeMetrics.Result.HIT, "answered the old copy unchecked: " + reply.result());
        assertEquals(2, reply.entry().version());
    }

    @Test
    void anUnchangedCopyIsKeptByA304WhileTheLeaseIsExpired() {
        String p = path("lease/unchanged");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        get(p);
        KafkaProbe.pauseHeartbeats();
        awaitLeaseState("expired");
        int before = route.conditionalRequests.get();
        Response r = get(p);
        assertEquals("REVALIDATED", r.getHeader("X-Cache"));
        assertEquals(3, version(r));
        assertEquals(before + 1, route.conditionalRequests.get());
    }

    @Test
    void withoutHeartbeatsAndWithoutTheOriginTheCopyIsServedMarkedStale() {
        String p = path("lease/origin-down");
        TestOrigin.Route route = ORIGIN.route(p).version(4);
        get(p);
        KafkaProbe.pauseHeartbeats();
        awaitLeaseState("expired");
        route.delay(2500);
        Response r = get(p);
        assertEquals(200, r.statusCode());
        assertEquals("STALE", r.getHeader("X-Cache"));
        assertEquals(4, version(r));
        route.delay(0);
    }

    @Test
    void aRedisPolicyThatCanEvictInvalidationStateExpiresTheLease() {
        awaitLeaseState("held");
        try {
            redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory-policy").arg("allkeys-lru")).await()
                    .atMost(Duration.ofSeconds(2));
            awaitLeaseState("expired");
        } finally {
            redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory-policy").arg("volatile-lru")).await()
                    .atMost(Duration.ofSeconds(2));
        }
        awaitLeaseState("held");
    }
}
