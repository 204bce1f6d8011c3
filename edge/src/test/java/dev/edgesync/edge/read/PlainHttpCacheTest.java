package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.hit.HitRoute;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.PlainHttpCacheProfile;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The edge as a plain HTTP cache ({@code edgesync.invalidation.enabled=false}): no Kafka broker where it points,
 * and it starts, is ready and serves; HTTP freshness alone decides what L1 answers.
 */
@QuarkusTest
@TestProfile(PlainHttpCacheTest.NoInvalidationStream.class)
class PlainHttpCacheTest extends EdgeTestSupport {

    public static class NoInvalidationStream extends PlainHttpCacheProfile {
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
