package dev.edgesync.edge.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;

/** Shared helpers: unique paths per test run, events, admin calls. */
public abstract class EdgeTestSupport {
    public static final String ADMIN = "Bearer test-admin-token";
    /** Redis may keep data between runs; every path of this run lives under its own segment. */
    protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    protected static final TestOrigin ORIGIN = TestOrigin.get();
    private static volatile int leaseUnavailableOnPort = -1;

    /**
     * Waits until the edge's staleness lease holds (its consumer has caught up with the heartbeats after start), so a
     * second read of a copy is a HIT rather than a revalidation. An edge that cannot get one (no Redis) is not waited
     * for twice.
     */
    @BeforeEach
    void awaitLease() {
        int port = io.restassured.RestAssured.port;
        if (port == leaseUnavailableOnPort) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if ("held".equals(given().get("/metrics/summary").then().extract().path("lease.state"))) {
                return;
            }
            sleep(50);
        }
        leaseUnavailableOnPort = port;
    }

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

    /** Waits (at most 5 s) until this replica's L1 may answer on its own (its coherence feed is current). */
    protected static void awaitCurrent(RegionCoherence coherence) {
        awaitTrue(coherence::current, "the coherence feed became current");
    }

    /**
     * Waits (at most 5 s) until this replica's coherence channel is subscribed. Its first subscription drops L1 (the
     * messages sent before it were missed), so a fill that runs across it keeps no L1 copy; a test that counts
     * event-loop hits after a fill starts once it is done.
     */
    protected static void awaitSubscribed(RegionCoherence coherence) {
        awaitTrue(coherence::subscribed, "the coherence channel was subscribed");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            sleep(5);
        }
    }
}
