package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, the RFC 9111 / 9110 / 9213 corners, over HTTP in front of a test origin whose headers each test sets:
 * stored error statuses, CDN-Cache-Control as a structured field, byte ranges, unknown methods.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class LastMileCachingTest extends EdgeTestSupport {

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    private static String any(String name) {
        return "/last-mile-" + RUN + "/" + name;
    }

    // --- error statuses with explicit freshness (RFC 9111 §3, §4.2.4)

    @Test
    void anErrorStatusWithExplicitFreshnessIsStoredAndReusedWhileFreshButNotOnceStale() {
        String p = any("error-fresh");
        TestOrigin.Route route = ORIGIN.route(p).status(503).cacheControl("max-age=1, stale-while-revalidate=60");
        assertEquals(503, get(p).statusCode());
        Response hit = get(p);
        assertEquals(503, hit.statusCode());
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals(1, route.reads());
        sleep(1100);
        Response after = get(p);
        assertEquals(503, after.statusCode());
        assertNotEquals("STALE", after.getHeader("X-Cache"), "a stale error is never reused");
        assertEquals(2, route.reads());
    }

    @Test
    void anErrorStatusWithoutExplicitFreshnessIsNotStored() {
        String p = any("error-plain");
        TestOrigin.Route route = ORIGIN.route(p).status(500).cacheControl(null);
        get(p);
        assertEquals("BYPASS", get(p).getHeader("X-Cache"));
        assertEquals(2, route.reads());
    }
}
