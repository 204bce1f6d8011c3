package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The region's Redis is unreachable: reads go straight to the origin, invalidations wait (not acked). */
@QuarkusTest
@TestProfile(RedisDownTest.NoRedis.class)
class RedisDownTest extends EdgeTestSupport {

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgesync.store.timeout", "250ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeTestResources.class, Map.of("redis", "down")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void readsBypassTheStoreQuickly() {
        String p = path("redis-down/1");
        TestOrigin.Route route = ORIGIN.route(p).version(7);
        get("/q/health/live"); // warm rest-assured up, so that the timing below is the edge's
        for (int i = 0; i < 2; i++) {
            long start = System.currentTimeMillis();
            Response r = get(p);
            assertEquals(200, r.statusCode());
            assertEquals("BYPASS", r.getHeader("X-Cache"));
            assertEquals("7", r.getHeader("X-Content-Version"));
            assertNull(r.getHeader("Surrogate-Key"));
            long took = System.currentTimeMillis() - start;
            assertTrue(took < 1000, "took " + took + " ms");
        }
        assertEquals(2, route.requests.get());
    }

    @Test
    void invalidationIsNotAcknowledgedUntilApplied() {
        InvalidationEvent e = updated(path("redis-down/2"), List.of(), 1, PurgeMode.DEFAULT);
        kafka().publish(e);
        sleep(1500);
        assertNull(kafka().ack(e.id()), "no ack while Redis is down");
    }
}
