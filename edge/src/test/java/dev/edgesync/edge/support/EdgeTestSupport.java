package dev.edgesync.edge.support;

import static io.restassured.RestAssured.given;

import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Shared helpers: unique paths per test run, events, admin calls. */
public abstract class EdgeTestSupport {
    public static final String ADMIN = "Bearer test-admin-token";
    /** Redis may keep data between runs; every path of this run lives under its own segment. */
    protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    protected static final TestOrigin ORIGIN = TestOrigin.get();

    protected static String path(String name) {
        return "/api/r" + RUN + "/" + name;
    }

    protected static KafkaProbe kafka() {
        return KafkaProbe.get(EdgeTestResources.kafkaBootstrap());
    }

    protected static Response get(String path) {
        return given().get(path).andReturn();
    }

    protected static long version(Response r) {
        return Long.parseLong(r.getHeader("X-Content-Version"));
    }

    protected static void region(String strategy, long delayMs) {
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"strategy\":\"" + strategy + "\",\"delayMs\":" + delayMs + "}")
                .put("/admin/region").then().statusCode(200);
    }

    protected static InvalidationEvent updated(String key, List<String> tags, long version, PurgeMode mode) {
        return new InvalidationEvent(1, UUID.randomUUID().toString(), EventKind.CONTENT_UPDATED, List.of(key), tags,
                List.of(), version, mode, System.currentTimeMillis(), Priority.NORMAL);
    }

    protected static InvalidationEvent purge(List<String> keys, List<String> tags, List<String> prefixes,
            PurgeMode mode) {
        return InvalidationEvent.purge(UUID.randomUUID().toString(), keys, tags, prefixes, mode, Priority.HIGH,
                System.currentTimeMillis());
    }

    /** Publishes and waits until this region acknowledged it (applied to Redis). */
    protected static InvalidationAck apply(InvalidationEvent event) {
        kafka().publish(event);
        return kafka().awaitAck(event.id(), Duration.ofSeconds(20));
    }

    protected static void sleep(long ms) {
        KafkaProbe.sleep(ms);
    }
}
