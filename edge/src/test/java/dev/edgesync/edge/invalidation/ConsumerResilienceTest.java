package dev.edgesync.edge.invalidation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invalidation consumer keeps applying, whatever holds one record back for long. */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class ConsumerResilienceTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @BeforeEach
    @AfterEach
    void eagerRegion() {
        region("eager", 100);
    }

    @Test
    void anEventFromTheFutureIsAppliedAfterAtMostTheDelay() {
        String p = path("consumer/future");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        route.version(2);
        long sent = System.currentTimeMillis();
        InvalidationEvent fromTheFuture = new InvalidationEvent(1, UUID.randomUUID().toString(),
                EventKind.CONTENT_UPDATED, List.of(p), List.of(), List.of(), 2, PurgeMode.DEFAULT,
                sent + Duration.ofHours(1).toMillis(), Priority.NORMAL);
        InvalidationAck ack = apply(fromTheFuture);
        assertTrue(ack.appliedAt() - sent < 5_000, "applied " + (ack.appliedAt() - sent) + " ms after publishing");
        assertEquals(2, version(get(p)));
    }

    @Test
    void theConsumerKeepsApplyingAfterRedisWasUnavailableLongerThanTheCommitLimit() {
        String p = path("consumer/redis-paused");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        route.version(2);
        // Writes (the apply script) wait on the paused server: the record stays unprocessed for 6 s.
        redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(6000).arg("WRITE")).await()
                .atMost(Duration.ofSeconds(2));
        InvalidationEvent held = updated(p, List.of(), 2, PurgeMode.DEFAULT);
        kafka().publish(held);
        sleep(7000);
        kafka().awaitAck(held.id(), Duration.ofSeconds(20));

        String q = path("consumer/after-pause");
        TestOrigin.Route later = ORIGIN.route(q).version(1);
        get(q);
        later.version(2);
        apply(updated(q, List.of(), 2, PurgeMode.DEFAULT));
        assertEquals(2, version(get(q)));
    }

    @Test
    void delaysAboveTheMaximumAreAProblem() {
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"delayMs\":86400000}")
                .put("/admin/region").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://edgesync.dev/problems/invalid-region-settings"));
    }
}
