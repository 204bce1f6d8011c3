package dev.edgesync.edge.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.metrics.LiveReplicas;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class MetricsSummaryResourceTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @Inject
    Vertx vertx;

    @Test
    void summaryCountsOutcomesSinceReset() {
        region("eager", 100);
        given().header("Authorization", ADMIN).post("/metrics/reset").then().statusCode(200)
                .body("requests", equalTo(0));
        String p = path("metrics/1");
        ORIGIN.route(p);
        get(p);
        get(p);
        get(p);
        apply(purge(List.of(p), List.of(), List.of(), PurgeMode.DEFAULT));

        JsonPath s = given().get("/metrics/summary").then().statusCode(200).extract().jsonPath();
        assertEquals(EdgeTestResources.REGION, s.getString("region"));
        assertEquals("eager", s.getString("strategy"));
        assertEquals(100, s.getLong("delayMs"));
        assertEquals(3, s.getLong("requests"));
        assertEquals(2, s.getLong("hits"));
        assertEquals(1, s.getLong("misses"));
        assertEquals(0, s.getLong("staleHits"));
        assertEquals(0, s.getLong("revalidated"));
        assertEquals(0, s.getLong("bypass"));
        assertEquals(0, s.getLong("errors"));
        assertEquals(2.0 / 3, s.getDouble("hitRatio"), 0.001);
        assertTrue(s.getDouble("p50") > 0);
        assertTrue(s.getDouble("p99") >= s.getDouble("p95") && s.getDouble("p95") >= s.getDouble("p50"));
        assertEquals(1, s.getLong("originFetches"));
        assertEquals(0, s.getLong("collapsedRequests"));
        assertTrue(s.getLong("invalidationsApplied") >= 1);
        assertTrue(s.getLong("deadLetters") >= 0);
        // issued -> applied, over the events applied since the reset: never before the region's delay
        assertTrue(s.getDouble("invalidationLag.p50") >= 100, "lag p50 " + s.getDouble("invalidationLag.p50"));
        assertTrue(s.getDouble("invalidationLag.p99") >= s.getDouble("invalidationLag.p95")
                && s.getDouble("invalidationLag.p95") >= s.getDouble("invalidationLag.p50"));
        assertTrue(s.getDouble("invalidationLag.max") >= s.getDouble("invalidationLag.p99"));
    }

    @Test
    void summaryCountsTheRegionsLiveReplicas() throws Exception {
        awaitReplicas(1, "this edge alone");
        // a second replica of the region, as it looks in the region's Redis: it announced itself once, then stopped
        // (crashed, so it never said goodbye)
        String other = "other-replica/" + System.nanoTime();
        redis.send(Request.cmd(Command.ZADD).arg(LiveReplicas.KEY).arg(System.currentTimeMillis()).arg(other))
                .await().atMost(Duration.ofSeconds(2));
        awaitReplicas(2, "the other replica's heartbeat counted");
        // its heartbeat is no longer current after three intervals (1s each): counted out
        awaitReplicas(1, "the stopped replica counted out");
    }

    @Test
    void aReplicaThatStopsLeavesTheCountAtOnce() throws Exception {
        awaitReplicas(1, "this edge alone");
        String id = "stopping-replica/" + System.nanoTime();
        LiveReplicas other = new LiveReplicas(redis, vertx, InstantSource.system(), id, Duration.ofSeconds(1));
        assertEquals(2, other.beat(System.currentTimeMillis()).await().atMost(Duration.ofSeconds(2)),
                "its heartbeat counts both replicas");
        awaitReplicas(2, "the other replica counted");
        other.leave().await().atMost(Duration.ofSeconds(2));
        // gone from the region's Redis, not merely waiting to be counted out
        assertEquals(null, redis.send(Request.cmd(Command.ZSCORE).arg(LiveReplicas.KEY).arg(id))
                .await().atMost(Duration.ofSeconds(2)));
        awaitReplicas(1, "the stopped replica no longer counted");
    }

    private static void awaitReplicas(int expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        Object replicas;
        while (!Integer.valueOf(expected).equals(replicas = given().get("/metrics/summary").then().statusCode(200)
                .extract().path("replicas"))) {
            assertTrue(System.nanoTime() < deadline, what + ": replicas " + replicas + ", expected " + expected);
            Thread.sleep(100);
        }
    }

    @Test
    void resetNeedsTheAdminCredential() {
        given().post("/metrics/reset").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://edgesync.dev/problems/unauthorized"));
        given().header("Authorization", "Bearer wrong").post("/metrics/reset").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{\"strategy\":\"lazy\"}")
                .put("/admin/region").then().statusCode(401);
    }

    @Test
    void badAdminInputIsAProblem() {
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"strategy\":\"sometimes\"}")
                .put("/admin/region").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://edgesync.dev/problems/invalid-region-settings"));
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"delayMs\":-1}")
                .put("/admin/region").then().statusCode(400);
    }

    @Test
    void prometheusExposesTheEdgeMeters() {
        String p = path("metrics/prom");
        ORIGIN.route(p);
        get(p);
        get(p);
        apply(purge(List.of(p), List.of(), List.of(), PurgeMode.DEFAULT));
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String meter : List.of("edgesync_requests_total{region=\"edge-test\",result=\"hit\"}",
                "edgesync_request_seconds_bucket", "edgesync_origin_fetches_total",
                "edgesync_collapsed_requests_total", "edgesync_invalidations_applied_total{kind=\"purge\",mode=\"hard\"",
                "edgesync_invalidation_propagation_seconds", "edgesync_invalidation_overhead_seconds",
                "edgesync_stale_served_total", "edgesync_dead_letters_total",
                "edgesync_region_strategy{region=\"edge-test\",strategy=\"eager\"} 1.0",
                "edgesync_region_delay_ms")) {
            assertTrue(body.contains(meter), meter + " missing");
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/metrics/summary"));
    }
}
