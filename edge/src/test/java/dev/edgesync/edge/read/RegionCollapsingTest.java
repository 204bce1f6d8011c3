package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.RevalidationLock;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Collapsing across the replicas of a region. This JVM is one replica; the test plays another replica of the same
 * region by working the shared Redis directly, as that replica's edge would: it holds the fill lock
 * {@code fl:<key>} and stores the entry with the edge's own {@link EntryStore} / entry format.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class RegionCollapsingTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @Inject
    EntryStore store;

    @Inject
    RevalidationLock lock;

    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        region("eager", 100);
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void missWaitsForTheOtherReplicasFillAndServesItsEntry() throws Exception {
        String p = path("region/other-fills");
        TestOrigin.Route route = ORIGIN.route(p).version(2);
        assertTrue(lock(p, "other-replica/1", 3000), "the other replica takes the fill lock");
        double collapsed = summary("collapsedRequests");
        double fetches = summary("originFetches");
        try {
            Future<Response> pending = pool.submit(() -> get(p));
            sleep(500);
            assertFalse(pending.isDone(), "the miss waits while another replica fills");
            assertEquals(0, route.requests.get());

            // the other replica's fill arrives: version 7 is not what our origin route answers (2)
            storeAsOtherReplica(p, 7, "{\"from\":\"other-replica\"}");
            Response r = pending.get(3, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("HIT", r.getHeader("X-Cache"));
            assertEquals("7", r.getHeader("X-Content-Version"));
            assertEquals("{\"from\":\"other-replica\"}", r.asString());
        } finally {
            del(RedisKeys.fillLock(p));
        }
        assertEquals(0, route.requests.get(), "no origin fetch by this replica");
        assertEquals(fetches, summary("originFetches"));
        assertTrue(summary("collapsedRequests") >= collapsed + 1, "counted as collapsed");
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    /**
     * A miss waiting for another replica's fill is woken by that fill's store (its notice on the fill channel), not
     * by looking again every few milliseconds: while the other replica holds the lock for a second, the waiter sends
     * only the few lookups of the fallback timer (250 ms), and it serves the other replica's entry.
     */
    @Test
    void waiterIsWokenByTheOtherReplicasStoreInsteadOfPolling() throws Exception {
        String p = path("region/notice");
        TestOrigin.Route route = ORIGIN.route(p).version(2);
        String owner = "other-replica/notice";
        assertTrue(lock(p, owner, 5000), "the other replica takes the fill lock");
        try {
            Future<Response> pending = pool.submit(() -> get(p));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (value(RedisKeys.fillWaiters(p)) == null) {
                assertTrue(System.nanoTime() < deadline, "the waiting miss marked the lock as awaited");
                sleep(10);
            }
            Response[] answered = new Response[1];
            Map<String, Long> commands = MissRoundTripsTest.monitored("region/notice", () -> {
                sleep(1000);
                long now = System.currentTimeMillis();
                CacheEntry entry = EntryFactory.fromOrigin(p, 200,
                        Map.of("cache-control", "public, s-maxage=60", "x-content-version", "7"),
                        "{\"from\":\"other-replica\"}".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), now)
                        .orElseThrow();
                assertTrue(store.putFenced(EntryFactory.withSnapshot(entry, store.state(p, entry.tokens()), false),
                        now, Duration.ofMinutes(5), p, owner, true), "the other replica stores and releases");
                try {
                    answered[0] = pending.get(3, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("HIT", answered[0].getHeader("X-Cache"));
            assertEquals("7", answered[0].getHeader("X-Content-Version"));
            long looks = commands.getOrDefault("mget", 0L) + commands.getOrDefault("get", 0L)
                    + commands.getOrDefault("evalsha", 0L) + commands.getOrDefault("eval", 0L);
            assertTrue(looks <= 14, "the waiter polled Redis while the other replica filled: " + commands);
            assertNull(value(RedisKeys.fillWaiters(p)), "the store cleared the awaited mark");
        } finally {
            del(RedisKeys.fillLock(p));
        }
        assertEquals(0, route.requests.get(), "no origin fetch by this replica");
    }

    /**
     * Requests that do not join from arrival (here: a request directive) collapse through the region fill lock even
     * inside one process: one origin fetch for concurrent cold misses, all answered with the filled copy.
     */
    @Test
    void concurrentMissesWithRequestDirectivesCollapseThroughTheRegionLock() throws Exception {
        String p = path("region/directives");
        TestOrigin.Route route = ORIGIN.route(p).version(4).delay(600);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            java.util.List<Future<Response>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(clients.submit(() -> given().header("Cache-Control", "max-stale=5").get(p).andReturn()));
            }
            for (Future<Response> f : all) {
                Response r = f.get(10, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertEquals("4", r.getHeader("X-Content-Version"));
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(1, route.requests.get(), "one origin fetch for the concurrent misses");
    }

    /**
     * A loaded machine: Redis answers a waiter later than {@code edgesync.store.timeout} (1 s in tests) while another
     * replica fills. The waiter must keep waiting for that fill, not fetch on its own (a second origin fetch).
     */
    @Test
    void missWaitingForAnotherReplicaKeepsWaitingWhileRedisAnswersLate() throws Exception {
        String p = path("region/slow-redis");
        TestOrigin.Route route = ORIGIN.route(p).version(2);
        assertTrue(lock(p, "other-replica/2", 3000), "the other replica takes the fill lock");
        try {
            Future<Response> pending = pool.submit(() -> get(p));
            sleep(300);
            assertFalse(pending.isDone(), "the miss waits while another replica fills");
            // every client of Redis stalls for 1.6 s: the waiter's next look times out
            redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(1600)).await().atMost(Duration.ofSeconds(2));
            sleep(1800);
            storeAsOtherReplica(p, 7, "{\"from\":\"other-replica\"}");
            Response r = pending.get(3, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("7", r.getHeader("X-Content-Version"), "served the other replica's fill");
        } finally {
            del(RedisKeys.fillLock(p));
        }
        assertEquals(0, route.requests.get(), "no origin fetch by this replica");
    }

    /**
     * 1,000 concurrent misses of a key must not need 1,000 threads: while this process fills the key, no thread
     * waits inside the read path, neither the requests that arrived meanwhile nor the filler (its origin fetch and
     * Redis calls hold no thread).
     */
    @Test
    void requestsWaitingForARunningFillHoldNoWorkerThread() throws Exception {
        String p = path("region/async-waiters");
        TestOrigin.Route route = ORIGIN.route(p).version(5).delay(1000);
        ExecutorService clients = Executors.newFixedThreadPool(30);
        try {
            Future<Response> first = clients.submit(() -> get(p));
            awaitLockHeld(p);
            java.util.List<Future<Response>> waiters = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                waiters.add(clients.submit(() -> get(p)));
            }
            sleep(500);
            java.util.Set<String> readPath = java.util.Set.of(ReadPath.class.getName(), RegionFill.class.getName(),
                    CacheFill.class.getName(), CacheLookup.class.getName(), OriginFetcher.class.getName());
            java.util.List<String> parked = Thread.getAllStackTraces().entrySet().stream()
                    .filter(t -> java.util.Arrays.stream(t.getValue())
                            .anyMatch(f -> readPath.contains(f.getClassName())))
                    .map(t -> t.getKey().getName()).toList();
            assertEquals(java.util.List.of(), parked, "threads inside the read path while the fill runs");
            assertEquals("5", first.get(5, TimeUnit.SECONDS).getHeader("X-Content-Version"));
            for (Future<Response> w : waiters) {
                Response r = w.get(5, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertEquals("5", r.getHeader("X-Content-Version"));
            }
            assertEquals(1, route.requests.get());
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * The revalidation lock {@code lk:<key>} is released only by the revalidation holding it: one that outlived its
     * lock (it expired and another replica's revalidation took it) must not delete the other's lock, or a third
     * revalidation of the same staleness would start at once.
     */
    @Test
    void revalidationLockIsReleasedOnlyByItsHolder() {
        String p = path("region/revalidation-lock");
        assertTrue(lock.tryLock(p, "slow-replica/1", Duration.ofMillis(100)));
        sleep(250); // its lock expired while it still ran
        assertTrue(lock.tryLock(p, "other-replica/2", Duration.ofSeconds(10)), "another revalidation takes it");
        try {
            lock.unlock(p, "slow-replica/1");
            assertEquals("other-replica/2", value(RedisKeys.revalidationLock(p)),
                    "the late revalidation left the other's lock alone");
            assertFalse(lock.tryLock(p, "third-replica/3", Duration.ofSeconds(10)), "no third revalidation");
            lock.unlock(p, "other-replica/2");
            assertNull(value(RedisKeys.revalidationLock(p)), "the holder releases its own lock");
        } finally {
            del(RedisKeys.revalidationLock(p));
        }
    }

    @Test
    void crashedFillerBlocksTheKeyOnlyUntilItsLeaseExpires() {
        String p = path("region/crashed-filler");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        // a replica took the lock and died: nobody releases it, nobody stores
        assertTrue(lock(p, "crashed-replica/1", 1000));
        long start = System.currentTimeMillis();
        Response r = get(p);
        long took = System.currentTimeMillis() - start;
        assertEquals(200, r.statusCode());
        assertEquals("MISS", r.getHeader("X-Cache"));
        assertEquals("3", r.getHeader("X-Content-Version"));
        assertTrue(took >= 800, "waited for the lease, took " + took + " ms");
        assertTrue(took < 1000 + 1500, "took over within lease + margin, took " + took + " ms");
        assertEquals(1, route.requests.get());
        assertNull(value(RedisKeys.fillLock(p)), "released after storing");
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    @Test
    void fillerThatLostItsLockDoesNotStore() throws Exception {
        String p = path("region/fenced");
        TestOrigin.Route route = ORIGIN.route(p).version(4).delay(800);
        Future<Response> pending = pool.submit(() -> get(p));
        try {
            awaitLockHeld(p);
            // our lease "expired" and another replica took the key over while our origin fetch ran
            set(RedisKeys.fillLock(p), "other-replica/9", 5000);
            Response r = pending.get(5, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("4", r.getHeader("X-Content-Version"));
            assertEquals(1, route.requests.get());
            assertNull(store.get(p), "fenced: the stale filler did not store");
            assertEquals("other-replica/9", value(RedisKeys.fillLock(p)), "and did not release the other's lock");
        } finally {
            del(RedisKeys.fillLock(p));
        }
    }

    @Test
    void unstorableResponseLetsTheRegionPassWithoutQueueing() {
        String p = path("region/pass");
        TestOrigin.Route route = ORIGIN.route(p).cacheControl("no-store");
        assertEquals("BYPASS", get(p).getHeader("X-Cache"));
        assertEquals("pass", value(RedisKeys.fillLock(p)));
        long start = System.currentTimeMillis();
        assertEquals("BYPASS", get(p).getHeader("X-Cache"));
        assertTrue(System.currentTimeMillis() - start < 1000);
        assertEquals(2, route.requests.get());
    }

    private void awaitLockHeld(String p) {
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            String holder = value(RedisKeys.fillLock(p));
            if (holder != null) {
                assertFalse(holder.equals("pass"));
                return;
            }
            sleep(10);
        }
        throw new AssertionError("the edge never took the fill lock of " + p);
    }

    private void storeAsOtherReplica(String key, long version, String body) {
        long now = System.currentTimeMillis();
        CacheEntry entry = EntryFactory.fromOrigin(key, 200,
                Map.of("cache-control", "public, s-maxage=60", "content-type", "application/json",
                        "x-content-version", Long.toString(version), "etag", "\"" + key + "-" + version + "\""),
                body.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), now).orElseThrow();
        CacheEntry stored = EntryFactory.withSnapshot(entry, store.state(key, entry.tokens()), false);
        store.put(stored, now, Duration.ofMinutes(5));
        assertNotNull(store.get(key));
    }

    private boolean lock(String key, String owner, long leaseMs) {
        var r = redis.send(Request.cmd(Command.SET).arg(RedisKeys.fillLock(key)).arg(owner).arg("NX").arg("PX")
                .arg(leaseMs)).await().atMost(Duration.ofSeconds(2));
        return r != null && "OK".equals(r.toString());
    }

    private void set(String redisKey, String value, long ms) {
        redis.send(Request.cmd(Command.SET).arg(redisKey).arg(value).arg("PX").arg(ms)).await()
                .atMost(Duration.ofSeconds(2));
    }

    private String value(String redisKey) {
        var r = redis.send(Request.cmd(Command.GET).arg(redisKey)).await().atMost(Duration.ofSeconds(2));
        return r == null ? null : r.toString();
    }

    private void del(String redisKey) {
        redis.send(Request.cmd(Command.DEL).arg(redisKey)).await().atMost(Duration.ofSeconds(2));
    }

    private static double summary(String field) {
        return given().get("/metrics/summary").jsonPath().getDouble(field);
    }
}
