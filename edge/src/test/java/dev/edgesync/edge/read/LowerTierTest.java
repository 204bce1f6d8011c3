package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * This edge as a lower tier filling from a shield ({@code edgesync.shield.url}). The shield is a test server the
 * test controls: it can play a lagging shield (an old version, {@code X-Cache: HIT}, a long {@code Age}) that
 * ignores what it is asked for, and records the requests. After this region applied an invalidation, it never
 * stores a copy older than it: it asks for the minimum version / a maximum age, and refetches or answers 503.
 */
@QuarkusTest
@TestProfile(LowerTierTest.Shielded.class)
class LowerTierTest extends EdgeTestSupport {
    static final TestOrigin SHIELD = TestOrigin.shield();

    /** The profile's class loader is not the test's: the shield's URL comes from a test resource, like the origin's. */
    public static class Shielded implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ShieldResource.class));
        }
    }

    public static class ShieldResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("edgesync.shield.url", TestOrigin.shield().url());
        }

        @Override
        public void stop() {
            // the test server is a daemon of this JVM
        }
    }

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    /** A copy the shield stored {@code ageSeconds} ago and serves from its cache. */
    private static TestOrigin.Route lagging(String p, long version, String tags, long ageSeconds) {
        return SHIELD.route(p).version(version).tags(tags).header("X-Cache", "HIT")
                .header("Age", Long.toString(ageSeconds)).cacheControl("public, s-maxage=3600");
    }

    private static String sent(TestOrigin.Route route, String header) {
        List<String> values = route.lastRequestHeaders.get(header);
        return values == null ? null : String.join(", ", values);
    }

    @Test
    void fillsGoToTheShieldMarkedAsATierAndHonourItsAge() {
        String p = path("tier/fill/1");
        TestOrigin.Route origin = ORIGIN.route(p).version(1);
        TestOrigin.Route shield = lagging(p, 1, "content-1", 3000);
        Response first = get(p);
        assertEquals(200, first.statusCode());
        assertEquals("MISS", first.getHeader("X-Cache"));
        assertEquals("edge", sent(shield, "x-edgesync-tier"));
        assertEquals("test-tier-secret", sent(shield, "x-edgesync-tier-auth"), "the shield needs the tier secret");
        assertNull(sent(shield, "x-edgesync-min-version"), "nothing applied yet: no minimum");
        assertNull(sent(shield, "cache-control"), "nothing applied yet: no max-age");
        assertEquals(0, origin.reads(), "reads fill from the shield, not the origin");
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertTrue(Long.parseLong(hit.getHeader("Age")) >= 3000, "the shield's Age counts: " + hit.getHeader("Age"));
        assertEquals(1, shield.reads());
    }

    @Test
    void afterAContentUpdateItAsksForTheVersionAndNeverStoresAnOlderOne() {
        String p = path("tier/version/1");
        TestOrigin.Route shield = lagging(p, 1, "content-1", 10);
        assertEquals(1, version(get(p)));
        apply(updated(p, List.of(), 2, PurgeMode.DEFAULT));

        // the shield has not applied the update and ignores the minimum: refetched, then 503, nothing stored
        given().get(p).then().statusCode(503).header("X-Cache", "ERROR")
                .body("type", equalTo("https://edgesync.dev/problems/origin-behind"));
        assertEquals("2", sent(shield, "x-edgesync-min-version"));
        assertEquals(1 + 3, shield.reads());
        given().get(p).then().statusCode(503);

        shield.version(2); // the shield caught up
        Response fresh = get(p);
        assertEquals(200, fresh.statusCode());
        assertEquals("MISS", fresh.getHeader("X-Cache"));
        assertEquals(2, version(fresh));
        Response hit = get(p);
        assertEquals("HIT", hit.getHeader("X-Cache"));
        assertEquals(2, version(hit));
    }

    @Test
    void afterAKeyPurgeItAsksForAMaxAgeTheLaggingCopyFails() {
        String p = path("tier/key-purge/1");
        TestOrigin.Route shield = lagging(p, 1, "", 50);
        get(p);
        apply(purge(List.of(p), List.of(), List.of(), PurgeMode.HARD));

        Response r = get(p);
        assertEquals(503, r.statusCode(), "a copy 50 s old predates the purge just applied");
        assertEquals("https://edgesync.dev/problems/shield-behind", r.jsonPath().getString("type"));
        assertEquals("max-age=0", sent(shield, "cache-control"));
        assertEquals("edge", sent(shield, "x-edgesync-tier"));
        int reads = shield.reads();

        // the shield revalidated with its origin, as max-age=0 asks: stored
        shield.headers.put("X-Cache", "REVALIDATED");
        shield.headers.put("Age", "0");
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        assertEquals(reads + 1, shield.reads());
    }

    @Test
    void aTagPurgeLearntFromTheResponseIsAskedForOnTheRetry() {
        String p = path("tier/tag-purge/1");
        String tag = "tag-" + RUN + "-x";
        TestOrigin.Route shield = lagging(p, 1, tag, 50);
        get(p);
        apply(purge(List.of(), List.of(tag), List.of(), PurgeMode.HARD));

        // the miss cannot know the tag before the answer: its first request carries no max-age, the retry does
        Response r = get(p);
        assertEquals(503, r.statusCode());
        assertEquals("max-age=0", sent(shield, "cache-control"));
        assertEquals(1 + 3, shield.reads());

        // a copy produced long after the purge is accepted even from the shield's cache
        sleep(2500);
        shield.headers.put("Age", "0");
        Response later = get(p);
        assertEquals(200, later.statusCode());
        assertEquals("MISS", later.getHeader("X-Cache"));
        assertNull(sent(shield, "cache-control"), "a miss knows the tag only from the answer, which is newer");
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    @Test
    void unsafeMethodsStillGoToTheOrigin() {
        String p = path("tier/post/1");
        TestOrigin.Route origin = ORIGIN.route(p);
        TestOrigin.Route shield = SHIELD.route(p);
        given().body("x").post(p).then().statusCode(200).header("X-Cache", "BYPASS");
        assertEquals(List.of("POST"), origin.methods);
        assertTrue(shield.methods.isEmpty());
    }
}
