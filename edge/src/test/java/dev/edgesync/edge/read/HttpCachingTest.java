package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 9111 / 5861 / 9213 behaviour of the edge over HTTP, in front of a test origin whose headers each test sets. */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class HttpCachingTest extends EdgeTestSupport {

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    /** A path outside /api: the edge proxies any origin path. */
    private static String any(String name) {
        return "/site-" + RUN + "/" + name;
    }

    private static String xCache(Response r) {
        return r.getHeader("X-Cache");
    }

    // --- 1. any path, any method

    @Test
    void anyOriginPathIsCached() {
        String p = any("page.html?x=1");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=60");
        assertEquals("MISS", xCache(get(p)));
        assertEquals("HIT", xCache(get(p)));
        assertEquals(1, route.reads());
    }

    @Test
    void edgeOwnPathsAreNotProxied() {
        given().get("/admin/whatever").then().statusCode(404);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void successfulUnsafeMethodInvalidatesTargetAndLocation() {
        String target = any("items");
        String created = any("items/7");
        TestOrigin.Route list = ORIGIN.route(target).cacheControl("max-age=600");
        TestOrigin.Route item = ORIGIN.route(created).cacheControl("max-age=600");
        get(target);
        get(created);
        assertEquals("HIT", xCache(get(target)));
        assertEquals("HIT", xCache(get(created)));
        list.writeStatus = 201;
        list.header("Location", created);
        given().body("{\"n\":7}").contentType("application/json").post(target).then().statusCode(201)
                .header("X-Cache", "BYPASS").header("Location", created);
        list.headers.remove("Location");
        assertEquals("MISS", xCache(get(target)));
        assertEquals("MISS", xCache(get(created)));
        assertEquals(2, list.reads());
        assertEquals(2, item.reads());
    }

    @Test
    void failedUnsafeMethodInvalidatesNothing() {
        String p = any("locked");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600");
        get(p);
        route.writeStatus = 409;
        given().body("x").put(p).then().statusCode(409);
        given().delete(p).then().statusCode(409);
        assertEquals("HIT", xCache(get(p)));
        assertEquals(java.util.List.of("GET", "PUT", "DELETE"), route.methods);
    }

    @Test
    void deleteInvalidatesEveryVariantOfTheKey() {
        String p = any("varied-delete");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600").header("Vary", "Accept-Language")
                .echo("Accept-Language");
        given().header("Accept-Language", "en").get(p);
        given().header("Accept-Language", "fr").get(p);
        assertEquals("HIT", given().header("Accept-Language", "fr").get(p).getHeader("X-Cache"));
        route.writeStatus = 204;
        given().delete(p).then().statusCode(204);
        assertEquals("MISS", given().header("Accept-Language", "en").get(p).getHeader("X-Cache"));
        assertEquals("MISS", given().header("Accept-Language", "fr").get(p).getHeader("X-Cache"));
    }

    // --- 2. freshness and Age

    @Test
    void expiresMinusDateGivesTheLifetime() {
        String p = any("expires");
        long now = System.currentTimeMillis();
        ORIGIN.route(p).cacheControl(null).header("Date", HttpDate.format(now))
                .header("Expires", HttpDate.format(now + 60_000));
        assertEquals("MISS", xCache(get(p)));
        assertEquals("HIT", xCache(get(p)));
    }

    @Test
    void invalidExpiresIsAlreadyStale() {
        String p = any("expires-0");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl(null).header("Expires", "0");
        route.sendEtag = false;
        route.lastModified = null;
        get(p);
        assertEquals("MISS", xCache(get(p)));
        assertEquals(2, route.reads());
    }

    @Test
    void heuristicFreshnessFromLastModified() {
        String p = any("heuristic");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl(null);
        route.lastModified = HttpDate.format(System.currentTimeMillis() - 3_600_000);
        get(p);
        assertEquals("HIT", xCache(get(p)));
        assertEquals(1, route.reads());
    }

    @Test
    void noHeuristicFreshnessForStatusesNotCacheableByDefault() {
        String p = any("heuristic-302");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl(null).status(302).header("Location", "/elsewhere");
        assertEquals("BYPASS", xCache(get(p)));
        assertEquals("BYPASS", xCache(get(p)));
        assertEquals(2, route.reads());
    }

    @Test
    void upstreamAgeCountsAndCanMakeAResponseStaleOnArrival() {
        String p = any("age");
        ORIGIN.route(p).cacheControl("max-age=100").header("Age", "30");
        Response first = get(p);
        assertTrue(Integer.parseInt(first.getHeader("Age")) >= 30, first.getHeader("Age"));
        Response second = get(p);
        assertEquals("HIT", xCache(second));
        assertTrue(Integer.parseInt(second.getHeader("Age")) >= 30);

        String old = any("age-old");
        TestOrigin.Route oldRoute = ORIGIN.route(old).cacheControl("max-age=100").header("Age", "200");
        get(old);
        assertFalse("HIT".equals(xCache(get(old))));
        assertEquals(2, oldRoute.reads());
    }

    @Test
    void cdnCacheControlWinsAndIsStrippedDownstream() {
        String p = any("cdn-cc");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("no-store").header("CDN-Cache-Control", "max-age=600")
                .header("Surrogate-Control", "max-age=5");
        Response first = get(p);
        assertEquals("no-store", first.getHeader("Cache-Control"));
        assertNull(first.getHeader("CDN-Cache-Control"));
        assertNull(first.getHeader("Surrogate-Control"));
        Response second = get(p);
        assertEquals("HIT", xCache(second));
        assertEquals("no-store", second.getHeader("Cache-Control"));
        assertNull(second.getHeader("CDN-Cache-Control"));
        assertEquals(1, route.reads());
    }

    @Test
    void surrogateControlWinsOverCacheControl() {
        String p = any("surrogate-control");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("private").header("Surrogate-Control", "max-age=600");
        get(p);
        Response second = get(p);
        assertEquals("HIT", xCache(second));
        assertNull(second.getHeader("Surrogate-Control"));
        assertEquals(1, route.reads());
    }

    // --- 3. response directives

    @Test
    void noCacheRevalidatesEveryUse() {
        String p = any("no-cache");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("no-cache, max-age=600");
        assertEquals("MISS", xCache(get(p)));
        assertEquals("REVALIDATED", xCache(get(p)));
        assertEquals("REVALIDATED", xCache(get(p)));
        assertEquals(3, route.reads());
        assertEquals(2, route.conditionalRequests.get());
    }

    @Test
    void qualifiedNoCacheStripsTheFieldWhenServedFromCache() {
        String p = any("no-cache-field");
        ORIGIN.route(p).cacheControl("no-cache=\"X-Secret\", max-age=600").header("X-Secret", "s")
                .header("X-Other", "o");
        assertEquals("s", get(p).getHeader("X-Secret"));
        Response hit = get(p);
        assertEquals("HIT", xCache(hit));
        assertNull(hit.getHeader("X-Secret"));
        assertEquals("o", hit.getHeader("X-Other"));
    }

    @Test
    void qualifiedPrivateStoresWithoutTheField() {
        String p = any("private-field");
        ORIGIN.route(p).cacheControl("private=\"X-User\", max-age=600").header("X-User", "alice");
        assertEquals("alice", get(p).getHeader("X-User"));
        Response hit = get(p);
        assertEquals("HIT", xCache(hit));
        assertNull(hit.getHeader("X-User"));
    }

    @Test
    void mustRevalidateForbidsStaleWhileRevalidate() {
        String p = any("must-revalidate");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=1, must-revalidate, stale-while-revalidate=60");
        get(p);
        sleep(1100);
        assertEquals("REVALIDATED", xCache(get(p)));
        assertEquals(1, route.conditionalRequests.get());
    }

    @Test
    void mustUnderstandOverridesNoStoreForUnderstoodStatuses() {
        String p = any("must-understand");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("must-understand, no-store, max-age=600");
        get(p);
        assertEquals("HIT", xCache(get(p)));
        assertEquals(1, route.reads());
    }

    // --- request directives

    @Test
    void requestNoCacheRevalidatesAndRequestNoStoreDoesNotStore() {
        String p = any("req-no-cache");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600");
        get(p);
        assertEquals("REVALIDATED", given().header("Cache-Control", "no-cache").get(p).getHeader("X-Cache"));
        assertEquals("REVALIDATED", given().header("Pragma", "no-cache").get(p).getHeader("X-Cache"));
        assertEquals(2, route.conditionalRequests.get());

        String q = any("req-no-store");
        TestOrigin.Route r2 = ORIGIN.route(q).cacheControl("max-age=600");
        assertEquals("BYPASS", given().header("Cache-Control", "no-store").get(q).getHeader("X-Cache"));
        assertEquals("MISS", xCache(get(q)));
        assertEquals(2, r2.reads());
    }

    @Test
    void requestMaxAgeAndMinFresh() {
        String p = any("req-max-age");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600");
        get(p);
        assertEquals("HIT", given().header("Cache-Control", "max-age=300").get(p).getHeader("X-Cache"));
        assertEquals("REVALIDATED", given().header("Cache-Control", "max-age=0").get(p).getHeader("X-Cache"));
        assertEquals("REVALIDATED", given().header("Cache-Control", "min-fresh=900").get(p).getHeader("X-Cache"));
        assertEquals(2, route.conditionalRequests.get());
    }

    @Test
    void requestMaxStaleServesAnExpiredCopy() {
        String p = any("req-max-stale");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=1");
        get(p);
        sleep(1100);
        Response r = given().header("Cache-Control", "max-stale=60").get(p).andReturn();
        assertEquals("STALE", xCache(r));
        assertEquals(200, r.statusCode());
    }

    @Test
    void onlyIfCachedIs504WhenNothingUsable() {
        String p = any("only-if-cached");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600");
        given().header("Cache-Control", "only-if-cached").get(p).then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://edgesync.dev/problems/not-cached"));
        assertEquals(0, route.reads());
        get(p);
        assertEquals("HIT", given().header("Cache-Control", "only-if-cached").get(p).getHeader("X-Cache"));
    }

    // --- 4. Vary

    @Test
    void varyKeepsOneVariantPerNormalisedRequestValue() {
        String p = any("vary");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600").header("Vary", "Accept-Language")
                .echo("Accept-Language");
        Response en = given().header("Accept-Language", "en, fr;q=0.5").get(p).andReturn();
        assertEquals("MISS", xCache(en));
        Response de = given().header("Accept-Language", "de").get(p).andReturn();
        assertEquals("MISS", xCache(de));
        assertTrue(de.asString().contains("\"echo\":\"de\""));
        Response enAgain = given().header("Accept-Language", "FR;q=0.5 ,EN").get(p).andReturn();
        assertEquals("HIT", xCache(enAgain));
        assertTrue(enAgain.asString().contains("\"echo\":\"en, fr;q=0.5\""), enAgain.asString());
        assertEquals("HIT", given().header("Accept-Language", "de").get(p).getHeader("X-Cache"));
        assertEquals("MISS", xCache(get(p)));
        assertEquals(3, route.reads());
    }

    @Test
    void varyStarIsNeverServedFromCache() {
        String p = any("vary-star");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600").header("Vary", "*");
        assertEquals("BYPASS", xCache(get(p)));
        assertEquals("BYPASS", xCache(get(p)));
        assertEquals(2, route.reads());
    }

    // --- 5. validation

    @Test
    void expiredEntryWithoutEtagIsRevalidatedWithIfModifiedSince() {
        String p = any("ims");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=1").header("X-Gen", "1");
        route.sendEtag = false;
        get(p);
        sleep(1100);
        // the 304 brings a longer lifetime, so the refreshed copy is still fresh for the next read
        route.header("X-Gen", "2").cacheControl("max-age=600");
        Response r = get(p);
        assertEquals("REVALIDATED", xCache(r));
        assertEquals("2", r.getHeader("X-Gen"), "a 304 updates the stored headers");
        assertEquals("2", get(p).getHeader("X-Gen"));
        assertEquals(1, route.conditionalRequests.get());
    }

    @Test
    void clientIfModifiedSinceIsAnsweredFromCache() {
        String p = any("client-ims");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600");
        get(p);
        given().header("If-Modified-Since", route.lastModified).get(p).then().statusCode(304)
                .header("X-Cache", "HIT");
        given().header("If-Modified-Since", "Tue, 01 Jan 2019 00:00:00 GMT").get(p).then().statusCode(200);
        assertEquals(1, route.reads());
    }

    // --- 6. storage rules

    @Test
    void authorizedRequestsAreNotStoredUnlessPublic() {
        String p = any("auth");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600");
        assertEquals("BYPASS", given().header("Authorization", "Bearer a").get(p).getHeader("X-Cache"));
        assertEquals("Bearer a", route.lastRequestHeaders.get("authorization").get(0));
        assertEquals("MISS", xCache(get(p)));
        assertEquals("BYPASS", given().header("Authorization", "Bearer b").get(p).getHeader("X-Cache"),
                "a copy stored without credentials is not served to a request with credentials");

        String q = any("auth-public");
        TestOrigin.Route pub = ORIGIN.route(q).cacheControl("public, max-age=600");
        assertEquals("MISS", given().header("Authorization", "Bearer a").get(q).getHeader("X-Cache"));
        assertEquals("HIT", given().header("Authorization", "Bearer b").get(q).getHeader("X-Cache"));
        assertEquals(1, pub.reads());
    }

    @Test
    void setCookieResponsesUnderASharedOnlyPathAreStoredOnlyWhenPublicAndCookiesAreNeverReplayed() {
        // application.properties: edgesync.cache.set-cookie."/api/"=shared-only (the default, store: SetCookieStorageTest)
        String p = path("cookie");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600").header("Set-Cookie", "s=1");
        assertEquals("BYPASS", xCache(get(p)));
        assertEquals("s=1", get(p).getHeader("Set-Cookie"));
        assertEquals(2, route.reads());

        String q = path("cookie-public");
        ORIGIN.route(q).cacheControl("public, max-age=600").header("Set-Cookie", "s=2");
        Response miss = get(q);
        assertEquals("MISS", xCache(miss));
        assertEquals("s=2", miss.getHeader("Set-Cookie"));
        Response hit = get(q);
        assertEquals("HIT", xCache(hit));
        assertNull(hit.getHeader("Set-Cookie"));
    }

    @Test
    void hopByHopHeadersAreRemovedBothWays() {
        String p = any("hop");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("max-age=600").header("Keep-Alive", "timeout=5")
                .header("Proxy-Foo", "x").header("X-End", "e");
        Response r = given().header("Connection", "X-Hop").header("X-Hop", "secret").header("Proxy-Bar", "y")
                .header("X-Kept", "k").get(p).andReturn();
        assertNull(r.getHeader("Proxy-Foo"));
        assertEquals("e", r.getHeader("X-End"));
        assertNull(route.lastRequestHeaders.get("x-hop"));
        assertNull(route.lastRequestHeaders.get("proxy-bar"));
        assertEquals("k", route.lastRequestHeaders.get("x-kept").get(0));
        assertNull(get(p).getHeader("Proxy-Foo"));
    }

    @Test
    void surrogateKeyIsReadAndStripped() {
        String p = any("surrogate-key");
        ORIGIN.route(p).cacheControl("max-age=600").tags("t-" + RUN);
        assertNull(get(p).getHeader("Surrogate-Key"));
        Response hit = get(p);
        assertEquals("HIT", xCache(hit));
        assertNull(hit.getHeader("Surrogate-Key"));
        assertNotNull(hit.getHeader("Date"));
    }
}
