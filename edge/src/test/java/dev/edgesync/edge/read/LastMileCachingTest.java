package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // max-age=3: the origin's Date has whole seconds, so a copy can arrive up to a second old already
        TestOrigin.Route route = ORIGIN.route(p).status(503).cacheControl("max-age=3, stale-while-revalidate=60");
        assertEquals(503, get(p).statusCode());
        Response hit = get(p);
        assertEquals(503, hit.statusCode());
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals(1, route.reads());
        sleep(3100);
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

    // --- CDN-Cache-Control as a structured field (RFC 9213)

    @Test
    void anInvalidCdnCacheControlIsIgnoredWholeAndReachesTheClientUnchanged() {
        String p = any("cdn-invalid");
        // wrong type (a String where an Integer belongs): the field is ignored, Cache-Control (no-store) decides
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("no-store").header("CDN-Cache-Control",
                "max-age=\"600\"");
        Response first = get(p);
        assertEquals("max-age=\"600\"", first.getHeader("CDN-Cache-Control"));
        Response second = get(p);
        assertNotEquals("HIT", second.getHeader("X-Cache"));
        assertEquals(2, route.reads());

        String unknownType = any("cdn-unknown-type");
        TestOrigin.Route other = ORIGIN.route(unknownType).cacheControl("no-store").header("CDN-Cache-Control",
                "max-age=@1700000000");
        get(unknownType);
        assertEquals("max-age=@1700000000", get(unknownType).getHeader("CDN-Cache-Control"));
        assertEquals(2, other.reads());
    }

    // --- byte ranges from a stored complete response (RFC 9110 §14)

    @Test
    void aRangeIsAnsweredFromTheStoredCompleteResponse() {
        String p = any("ranges");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=60");
        String whole = get(p).asString();
        int length = whole.length();

        Response first = given().header("Range", "bytes=0-4").get(p).andReturn();
        assertEquals(206, first.statusCode());
        assertEquals("bytes 0-4/" + length, first.getHeader("Content-Range"));
        assertEquals(whole.substring(0, 5), first.asString());
        assertEquals("HIT", first.getHeader("X-Cache"));

        Response suffix = given().header("Range", "bytes=-3").get(p).andReturn();
        assertEquals(206, suffix.statusCode());
        assertEquals(whole.substring(length - 3), suffix.asString());

        Response multi = given().header("Range", "bytes=0-1, 5-6").get(p).andReturn();
        assertEquals(206, multi.statusCode());
        assertTrue(multi.getHeader("Content-Type").startsWith("multipart/byteranges; boundary="));
        String parts = multi.asString();
        assertTrue(parts.contains("Content-Range: bytes 0-1/" + length + "\r\n\r\n" + whole.substring(0, 2)), parts);
        assertTrue(parts.contains("Content-Range: bytes 5-6/" + length + "\r\n\r\n" + whole.substring(5, 7)), parts);

        Response beyond = given().header("Range", "bytes=" + (length + 10) + "-").get(p).andReturn();
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + length, beyond.getHeader("Content-Range"));

        String etag = first.getHeader("ETag");
        assertEquals(206, given().header("Range", "bytes=0-4").header("If-Range", etag).get(p).statusCode());
        Response changed = given().header("Range", "bytes=0-4").header("If-Range", "\"other\"").get(p).andReturn();
        assertEquals(200, changed.statusCode(), "If-Range does not match: the whole representation");
        assertEquals(whole, changed.asString());
        assertEquals(1, route.reads(), "every answer came from the one stored response");
    }

    @Test
    void aRangeOnAMissIsAnsweredFromTheCompleteFill() {
        String p = any("ranges-miss");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=60");
        Response r = given().header("Range", "bytes=0-0").get(p).andReturn();
        assertEquals(206, r.statusCode());
        assertEquals("{", r.asString());
        assertNull(route.lastRequestHeaders.get("range"), "the fill asks for the whole representation");
        assertEquals(200, get(p).statusCode());
    }

    // --- unknown methods (RFC 9110 §9.1, RFC 9111 §4.4)

    @Test
    void anUnknownMethodIsForwardedAndItsSuccessInvalidatesTheTarget() {
        String p = any("unknown-method");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=60");
        get(p);
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        Response r = given().body("ssdp:discover").request("M-SEARCH", p).andReturn();
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("BYPASS", r.getHeader("X-Cache"));
        assertTrue(route.methods.contains("M-SEARCH"), "forwarded: " + route.methods);
        assertEquals("ssdp:discover", route.lastBody);
        assertEquals("MISS", get(p).getHeader("X-Cache"), "a successful unknown (unsafe) method invalidated it");
        assertEquals(2, route.reads());
    }

    @Test
    void anUnknownMethodThatFailsInvalidatesNothing() {
        String p = any("unknown-method-fails");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=60");
        route.writeStatus = 501;
        get(p);
        assertEquals(501, given().request("PROPFIND", p).statusCode());
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    // --- Set-Cookie in a shared cache: stored only when explicitly shared, the cookie never replayed

    @Test
    void aSetCookie2ResponseUnderASharedOnlyPathIsNotSharedUnlessExplicitlyPublic() {
        // application.properties: edgesync.cache.set-cookie."/api/"=shared-only
        String p = path("cookie2");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600").header("Set-Cookie2", "s=1; Version=1");
        assertEquals("s=1; Version=1", get(p).getHeader("Set-Cookie2"));
        Response other = get(p);
        assertEquals("BYPASS", other.getHeader("X-Cache"), "a personal response is not handed to another client");
        assertEquals(2, route.reads());

        String q = path("cookie2-public");
        ORIGIN.route(q).cacheControl("public, max-age=600").header("Set-Cookie2", "s=2; Version=1");
        assertEquals("s=2; Version=1", get(q).getHeader("Set-Cookie2"), "the client whose request filled gets it");
        Response hit = get(q);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertNull(hit.getHeader("Set-Cookie2"), "never replayed to another client");
    }

    // --- Via (RFC 9110 §7.6.3)

    @Test
    void viaNamesTheEdgeOnTheForwardedRequestAndOnTheResponse() {
        String p = any("via");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=60").header("Via", "1.1 origin-lb");
        Response miss = given().header("Via", "1.0 client-proxy").get(p).andReturn();
        assertEquals(java.util.List.of("1.0 client-proxy, 1.1 edgesync"),
                java.util.List.of(String.join(", ", route.lastRequestHeaders.get("via"))));
        assertEquals(java.util.List.of("1.1 origin-lb", "1.1 edgesync"), miss.getHeaders().getValues("Via"));
        assertEquals(java.util.List.of("1.1 origin-lb", "1.1 edgesync"), get(p).getHeaders().getValues("Via"));
    }
}
