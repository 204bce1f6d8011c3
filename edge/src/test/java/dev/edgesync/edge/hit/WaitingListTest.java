package dev.edgesync.edge.hit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.PlainHttpCacheProfile;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A miss storm on one replica: the requests that arrive while the key's first request is in the read path wait for
 * it on the event loop and are then answered from the copy its fill put into L1, as event-loop hits, instead of each
 * going through the read path ({@link WaitingList}). Run as a plain HTTP cache, where L1 may always answer (with an
 * invalidation stream a loaded machine can make L1 not current for a moment, and then the waiters rightly go on to
 * the read path).
 */
@QuarkusTest
@TestProfile(WaitingListTest.PlainCache.class)
class WaitingListTest extends EdgeTestSupport {
    private static final int WAITERS = 20;

    public static class PlainCache extends PlainHttpCacheProfile {
    }

    @Inject
    HitRoute hitRoute;

    @Inject
    RegionCoherence coherence;

    private ExecutorService clients;

    @BeforeEach
    void setUp() {
        clients = Executors.newFixedThreadPool(WAITERS + 1);
        awaitSubscribed(coherence);
    }

    @AfterEach
    void tearDown() {
        clients.shutdownNow();
    }

    @Test
    void requestsArrivingDuringTheFillAreAnsweredFromL1OnTheEventLoop() throws Exception {
        String p = path("waiting-list/storm");
        TestOrigin.Route route = ORIGIN.route(p).version(7).delay(1000);
        long answered = hitRoute.answered();
        Future<Response> first = clients.submit(() -> get(p));
        awaitOriginRequest(route);
        List<Future<Response>> waiters = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            waiters.add(clients.submit(() -> get(p)));
        }
        Response leader = first.get(10, TimeUnit.SECONDS);
        assertEquals("MISS", leader.getHeader("X-Cache"));
        for (Future<Response> w : waiters) {
            Response r = w.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("7", r.getHeader("X-Content-Version"));
            assertEquals("HIT", r.getHeader("X-Cache"));
        }
        assertEquals(1, route.requests.get(), "one origin fetch");
        assertEquals(WAITERS, hitRoute.answered() - answered,
                "every request that arrived during the fill answered by the event-loop hit path");
    }

    @Test
    void waitersOfAnUnstorableResponseGoOnToTheReadPath() throws Exception {
        String p = path("waiting-list/private");
        TestOrigin.Route route = ORIGIN.route(p).version(3).cacheControl("private").delay(500);
        Future<Response> first = clients.submit(() -> get(p));
        awaitOriginRequest(route);
        List<Future<Response>> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiters.add(clients.submit(() -> get(p)));
        }
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
        for (Future<Response> w : waiters) {
            Response r = w.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("3", r.getHeader("X-Content-Version"));
            assertNotNull(r.getHeader("X-Cache"));
        }
    }

    private static void awaitOriginRequest(TestOrigin.Route route) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (route.requests.get() == 0) {
            assertTrue(System.nanoTime() < deadline, "the first request reached the origin");
            sleep(5);
        }
    }
}
