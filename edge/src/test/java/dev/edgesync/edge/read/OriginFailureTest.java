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
        TestOrigin.Route route = ORIGIN.route(p).version(4).cacheControl("public, s-maxage=1");
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
    void originErrorWithoutACopyIs502ProblemQuickly() {
        String p = path("fail/none/1");
        ORIGIN.route(p).status(500);
        long start = System.currentTimeMillis();
        given().get(p).then().statusCode(502).contentType("application/problem+json")
                .header("X-Cache", "ERROR")
                .body("type", equalTo("https://edgesync.dev/problems/origin-error"));
        assertTrue(System.currentTimeMillis() - start < 1000);
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
    void unknownOriginPathIsPassedThrough() {
        Response r = get(path("fail/unknown"));
        assertEquals(404, r.statusCode());
        assertEquals("BYPASS", r.getHeader("X-Cache"));
    }
}
