package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class ReadPathTest extends EdgeTestSupport {

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    @Test
    void missThenHitWithEdgeHeaders() {
        String p = path("read/miss-hit/1");
        TestOrigin.Route route = ORIGIN.route(p).version(3).tags("content-1 content-list");

        Response first = get(p);
        assertEquals(200, first.statusCode());
        assertEquals("MISS", first.getHeader("X-Cache"));
        assertEquals(EdgeTestResources.REGION, first.getHeader("X-Edge-Region"));
        assertEquals("0", first.getHeader("Age"));
        assertEquals("3", first.getHeader("X-Content-Version"));
        assertEquals("\"" + p + "-3\"", first.getHeader("ETag"));
        assertEquals("public, s-maxage=60, stale-while-revalidate=30", first.getHeader("Cache-Control"));
        assertNotNull(first.getHeader("Last-Modified"));
        assertTrue(first.getContentType().startsWith("application/json"));
        assertNull(first.getHeader("Surrogate-Key"));

        Response second = get(p);
        assertEquals("HIT", second.getHeader("X-Cache"));
        assertEquals(first.asString(), second.asString());
        assertEquals("3", second.getHeader("X-Content-Version"));
        assertNull(second.getHeader("Surrogate-Key"));
        assertEquals(1, route.requests.get());
    }

    @Test
    void clientIfNoneMatchIsAnswered304FromCacheAndHeadHasNoBody() {
        String p = path("read/conditional/1");
        TestOrigin.Route route = ORIGIN.route(p).version(2);
        String etag = get(p).getHeader("ETag");

        given().header("If-None-Match", etag).get(p).then().statusCode(304).header("X-Cache", "HIT")
                .header("ETag", etag);
        Response head = given().head(p).andReturn();
        assertEquals(200, head.statusCode());
        assertEquals("HIT", head.getHeader("X-Cache"));
        assertEquals("", head.asString());
        assertEquals(1, route.requests.get());
    }

    @Test
    void queryIsPartOfTheKey() {
        String p = path("read/list");
        TestOrigin.Route page1 = ORIGIN.route(p + "?page=1").version(1);
        TestOrigin.Route page2 = ORIGIN.route(p + "?page=2").version(1);
        assertEquals("MISS", get(p + "?page=1").getHeader("X-Cache"));
        assertEquals("MISS", get(p + "?page=2").getHeader("X-Cache"));
        assertEquals("HIT", get(p + "?page=1").getHeader("X-Cache"));
        assertEquals(1, page1.requests.get());
        assertEquals(1, page2.requests.get());
    }

    @Test
    void uncacheableResponsesPassThroughAsBypass() {
        String noStore = path("read/no-store");
        TestOrigin.Route r1 = ORIGIN.route(noStore).cacheControl("no-store");
        String privateOne = path("read/private");
        ORIGIN.route(privateOne).cacheControl("private, max-age=60");
        String created = path("read/201");
        // 201 is not cacheable by default: without explicit freshness it passes through
        ORIGIN.route(created).status(201).cacheControl(null);

        assertEquals("BYPASS", get(noStore).getHeader("X-Cache"));
        assertEquals("BYPASS", get(noStore).getHeader("X-Cache"));
        assertEquals(2, r1.requests.get());
        assertEquals("BYPASS", get(privateOne).getHeader("X-Cache"));
        Response c = get(created);
        assertEquals(201, c.statusCode());
        assertEquals("BYPASS", c.getHeader("X-Cache"));
    }

    @Test
    void withinStaleWhileRevalidateServesStaleThenRevalidatesOnce() {
        String p = path("read/swr/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1).cacheControl("public, s-maxage=1, stale-while-revalidate=30");
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        sleep(2100);
        // the 304 carries the new lifetime, so the refreshed copy stays fresh however slow this machine is
        route.cacheControl("public, s-maxage=60, stale-while-revalidate=30");
        long staleAt = System.currentTimeMillis();
        Response stale = get(p);
        assertEquals("STALE", stale.getHeader("X-Cache"));
        int staleAge = Integer.parseInt(stale.getHeader("Age"));
        assertTrue(staleAge >= 2);
        awaitHeader(p, "X-Cache", "HIT");
        // the origin answered the conditional revalidation with 304: body kept, Age reset (without the reset it
        // would be at least the STALE answer's Age, 2 s or more, plus the time since; one second is allowed for a
        // Date header truncated to the second)
        assertEquals(1, route.conditionalRequests.get());
        assertEquals(2, route.requests.get());
        int age = Integer.parseInt(get(p).getHeader("Age"));
        long since = (System.currentTimeMillis() - staleAt) / 1000;
        assertTrue(age <= since + 1, "Age " + age + " s was not reset by the 304: " + since + " s after a STALE answer of Age "
                + staleAge + " s");
    }

    @Test
    void expiredEntryWithEtagIsRevalidatedSynchronously() {
        String p = path("read/expired/1");
        TestOrigin.Route route = ORIGIN.route(p).version(5).cacheControl("public, s-maxage=1");
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        sleep(1100);
        Response r = get(p);
        assertEquals("REVALIDATED", r.getHeader("X-Cache"));
        assertEquals("5", r.getHeader("X-Content-Version"));
        assertEquals(1, route.conditionalRequests.get());
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    @Test
    void hundredConcurrentMissesMakeOneOriginFetch() throws Exception {
        String p = path("read/collapse/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1).delay(800);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return get(p);
                }));
            }
            start.countDown();
            for (Future<Response> f : futures) {
                Response r = f.get();
                assertEquals(200, r.statusCode());
                assertEquals("1", r.getHeader("X-Content-Version"));
                assertTrue(List.of("MISS", "HIT").contains(r.getHeader("X-Cache")), r.getHeader("X-Cache"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, route.requests.get());
        float collapsed = given().get("/metrics/summary").jsonPath().getFloat("collapsedRequests");
        assertTrue(collapsed >= 1, "collapsed " + collapsed);
    }

    @Test
    void otherMethodsAreForwardedToTheOrigin() {
        String p = path("read/anything");
        TestOrigin.Route route = ORIGIN.route(p);
        given().body("{\"a\":1}").contentType("application/json").post(p).then().statusCode(200)
                .header("X-Cache", "BYPASS");
        assertEquals(List.of("POST"), route.methods);
        assertEquals("{\"a\":1}", route.lastBody);
    }

    static void awaitHeader(String p, String header, String value) {
        long deadline = System.currentTimeMillis() + 5000;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = get(p).getHeader(header);
            if (value.equals(last)) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError(header + " stayed " + last + ", expected " + value);
    }
}
