package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class OriginFailureTest extends EdgeTestSupport {

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    @Test
    void originErrorWithAStaleCopyServesItStaleThenRecovers() {
        String p = path("fail/stale/1");
        // RFC 5861: a stale copy answers an origin error only within stale-if-error
        TestOrigin.Route route = ORIGIN.route(p).version(4).cacheControl("public, s-maxage=1, stale-if-error=60");
        get(p);
        sleep(1100);
        route.status(503);
        Response r = get(p);
        assertEquals(200, r.statusCode());
        assertEquals("STALE", r.getHeader("X-Cache"));
        assertEquals("4", r.getHeader("X-Content-Version"));

        route.status(200);
        Response recovered = get(p);
        assertEquals("REVALIDATED", recovered.getHeader("X-Cache"));
    }

    @Test
    void originErrorWithoutACopyIsPassedThroughQuickly() {
        String p = path("fail/none/1");
        ORIGIN.route(p).status(500).cacheControl(null);
        long start = System.currentTimeMillis();
        given().get(p).then().statusCode(500).header("X-Cache", "BYPASS")
                .body("status", equalTo(500));
        assertTrue(System.currentTimeMillis() - start < 1000);
    }

    @Test
    void originErrorWithoutStaleIfErrorIsPassedThroughEvenWithAStaleCopy() {
        String p = path("fail/no-sie/1");
        TestOrigin.Route route = ORIGIN.route(p).version(4).cacheControl("public, s-maxage=1");
        get(p);
        sleep(1100);
        route.status(503).cacheControl(null);
        Response r = get(p);
        assertEquals(503, r.statusCode());
        assertEquals("BYPASS", r.getHeader("X-Cache"));
    }

    @Test
    void requestStaleIfErrorAllowsTheStaleCopy() {
        String p = path("fail/req-sie/1");
        TestOrigin.Route route = ORIGIN.route(p).version(4).cacheControl("public, max-age=1");
        get(p);
        sleep(1100);
        route.status(502);
        Response r = given().header("Cache-Control", "stale-if-error=60").get(p).andReturn();
        assertEquals(200, r.statusCode());
        assertEquals("STALE", r.getHeader("X-Cache"));
    }

    @Test
    void originTimeoutWithinStaleIfErrorServesStaleAndMustRevalidateGives504() {
        String p = path("fail/timeout-sie/1");
        TestOrigin.Route route = ORIGIN.route(p).version(2).cacheControl("max-age=1, stale-if-error=60");
        get(p);
        sleep(1100);
        route.delay(2500);
        Response r = get(p);
        assertEquals(200, r.statusCode());
        assertEquals("STALE", r.getHeader("X-Cache"));
        assertEquals("2", r.getHeader("X-Content-Version"));

        String strict = path("fail/timeout-mr/1");
        TestOrigin.Route strictRoute = ORIGIN.route(strict).cacheControl("max-age=1, must-revalidate, stale-if-error=60");
        get(strict);
        sleep(1100);
        strictRoute.delay(2500);
        given().get(strict).then().statusCode(504).contentType("application/problem+json");
    }

    @Test
    void unreachableOriginIsAnsweredFromTheStaleCopyEvenWithoutStaleIfError() {
        // RFC 9111 4.2.4: a disconnected cache may serve stale; a timeout is the origin being unreachable.
        String p = path("fail/unreachable/1");
        TestOrigin.Route route = ORIGIN.route(p).version(6).cacheControl("public, max-age=1");
        get(p);
        sleep(1100);
        route.delay(2500);
        Response r = get(p);
        assertEquals(200, r.statusCode());
        assertEquals("STALE", r.getHeader("X-Cache"));
        assertEquals("6", r.getHeader("X-Content-Version"));
    }

    @Test
    void aCopyStoredWithSMaxAgeIsNotServedStaleWhenTheOriginIsUnreachable() {
        // RFC 9111 5.2.2.10: s-maxage implies proxy-revalidate; so do must-revalidate, proxy-revalidate and no-cache
        for (String cc : new String[] { "public, s-maxage=1", "max-age=1, proxy-revalidate",
                "max-age=1, must-revalidate", "no-cache, max-age=1" }) {
            String p = path("fail/unreachable-strict/" + cc.replaceAll("[^a-z0-9]", ""));
            TestOrigin.Route route = ORIGIN.route(p).version(6).cacheControl(cc);
            get(p);
            sleep(1100);
            route.delay(2500);
            given().header("Cache-Control", "stale-if-error=600").get(p).then().statusCode(504)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void originTimeoutWithoutACopyIs504Problem() {
        String p = path("fail/slow/1");
        ORIGIN.route(p).delay(2500);
        long start = System.currentTimeMillis();
        given().get(p).then().statusCode(504).contentType("application/problem+json")
                .body("type", equalTo("https://edgesync.dev/problems/origin-timeout"));
        long took = System.currentTimeMillis() - start;
        assertTrue(took < 2300, "took " + took + " ms");
    }

    @Test
    void aForwardedPostTheOriginDoesNotAnswerInTimeIs504Problem() {
        String p = path("fail/slow-post/1");
        TestOrigin.Route route = ORIGIN.route(p);
        route.writeDelayMs = 2500;
        long start = System.currentTimeMillis();
        given().contentType("text/plain").body("slow").post(p).then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://edgesync.dev/problems/origin-timeout"));
        long took = System.currentTimeMillis() - start;
        assertTrue(took < 2300, "took " + took + " ms");
        assertEquals("slow", route.lastBody);
    }

    @Test
    void unknownOriginPathIsPassedThrough() {
        Response r = get(path("fail/unknown"));
        assertEquals(404, r.statusCode());
        assertEquals("BYPASS", r.getHeader("X-Cache"));
    }
}
