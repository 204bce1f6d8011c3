package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.hit.HitRoute;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.NoKafkaResources;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edge as a plain HTTP cache ({@code edgesync.invalidation.enabled=false}): no Kafka broker where it points,
 * and it starts, is ready and serves; HTTP freshness alone decides what L1 answers.
 */
@QuarkusTest
@TestProfile(PlainHttpCacheTest.NoInvalidationStream.class)
class PlainHttpCacheTest extends EdgeTestSupport {

    public static class NoInvalidationStream implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgesync.invalidation.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(NoKafkaResources.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Inject
    RegionCoherence coherence;

    @Inject
    HitRoute hitRoute;

    @Test
    void servesMissThenHitWithoutKafka() {
        String p = path("plain/1");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        given().get("/q/health/ready").then().statusCode(200);
        Response miss = get(p);
        assertEquals(200, miss.statusCode());
        assertEquals("MISS", miss.getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        long answered = hitRoute.answered();
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        assertEquals(answered + 1, hitRoute.answered(), "L1 answers on the event loop");
        assertEquals(1, route.requests.get());
    }

    @Test
    void l1NeedsNoFeedToAnswer() {
        String p = path("plain/2");
        ORIGIN.route(p).version(1);
        get(p);
        get(p);
        coherence.stop();
        try {
            assertTrue(coherence.current(), "no invalidation stream to be current with: freshness decides");
            long answered = hitRoute.answered();
            assertEquals("HIT", get(p).getHeader("X-Cache"));
            assertEquals(answered + 1, hitRoute.answered());
        } finally {
            coherence.start();
        }
    }
}
