package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edge of this JVM acting as a shield: lower-tier requests ({@code X-EdgeSync-Tier},
 * {@code X-EdgeSync-Min-Version}, request {@code max-age}) in front of the test origin.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class ShieldSideTest extends EdgeTestSupport {

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    /** A request of an authenticated lower tier (the test profile's {@code edgesync.tier.secret}). */
    private static io.restassured.specification.RequestSpecification tier() {
        return given().header("X-EdgeSync-Tier", "edge").header("X-EdgeSync-Tier-Auth", HostileInputTest.TIER_SECRET);
    }

    private static Response tierGet(String path, long minVersion) {
        return tier().header("X-EdgeSync-Min-Version", minVersion).get(path)
                .andReturn();
    }

    @Test
    void minVersionAboveTheStoredCopyRefillsFromTheOrigin() {
        String p = path("shield/min-version/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        route.version(2); // the origin moved on; this shield has not applied the event yet
        Response plain = get(p);
        assertEquals("HIT", plain.getHeader("X-Cache"));
        assertEquals(1, version(plain));

        Response lower = tierGet(p, 2);
        assertEquals(200, lower.statusCode());
        assertEquals("MISS", lower.getHeader("X-Cache"));
        assertEquals(2, version(lower));
        assertEquals(2, route.reads());
        assertNull(route.lastRequestHeaders.get("x-edgesync-min-version"), "tier fields are not passed to the origin");
        assertNull(route.lastRequestHeaders.get("x-edgesync-tier"));

        Response after = get(p);
        assertEquals("HIT", after.getHeader("X-Cache"));
        assertEquals(2, version(after));
        assertEquals("HIT", tierGet(p, 2).getHeader("X-Cache"));
        assertEquals(2, route.reads());
    }

    @Test
    void originStillBehindTheMinVersionIs503AndStoresNothingOlder() {
        String p = path("shield/min-version/2");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        tier().header("X-EdgeSync-Min-Version", 5).get(p).then()
                .statusCode(503).header("X-Cache", "ERROR")
                .body("type", equalTo("https://edgesync.dev/problems/origin-behind"));
        assertEquals(1 + 3, route.reads(), "one fill, three attempts");
        Response plain = get(p);
        assertEquals("HIT", plain.getHeader("X-Cache"), "the older copy stays for clients that accept it");
        assertEquals(1, version(plain));
    }

    @Test
    void aLowerTierGetsTheTagsAndTheFieldsTargetedAtCdns() {
        String p = path("shield/tags/1");
        ORIGIN.route(p).version(3).tags("content-9 content-list").header("CDN-Cache-Control", "max-age=30");
        Response client = get(p);
        assertNull(client.getHeader("Surrogate-Key"));
        assertNull(client.getHeader("CDN-Cache-Control"));
        Response lower = tier().get(p).andReturn();
        assertEquals("HIT", lower.getHeader("X-Cache"));
        assertEquals("content-9 content-list", lower.getHeader("Surrogate-Key"));
        assertEquals("max-age=30", lower.getHeader("CDN-Cache-Control"));
        assertEquals("3", lower.getHeader("X-Content-Version"));
        assertEquals("\"" + p + "-3\"", lower.getHeader("ETag"));
    }

    @Test
    void aLowerTiersMaxAgeIsNotWaivedByImmutable() {
        String p = path("shield/immutable/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1).cacheControl("public, s-maxage=600, immutable");
        get(p);
        assertEquals("HIT", given().header("Cache-Control", "max-age=0").get(p).getHeader("X-Cache"),
                "a browser reload does not revalidate immutable content");
        Response lower = tier().header("Cache-Control", "max-age=0").get(p)
                .andReturn();
        assertEquals("REVALIDATED", lower.getHeader("X-Cache"));
        assertEquals(1, route.conditionalRequests.get());
        assertFalse(Long.parseLong(lower.getHeader("Age")) > 0);
    }
}
