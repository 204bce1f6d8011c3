package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.RedisAccess;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.hit.HitRoute;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import dev.edgesync.edge.invalidation.InvalidationStore;
import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.events.Strategy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-process L1 of the hit path and its coherence feed. This JVM is one replica of the region (B); the test
 * plays another replica (A) by working the shared Redis with a {@link EntryStore} and {@link InvalidationStore} of its own (no access to this
 * process's L1), as A would when it applies an event of the region's consumer group or refills a key. A's writes
 * reach B's L1 only through the region's pub/sub feed.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class L1HitPathTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @Inject
    EntryStore store;

    @Inject
    L1Cache l1;

    @Inject
    EdgeConfig config;

    @Inject
    RegionCoherence coherence;

    @Inject
    HitRoute hitRoute;

    /** edgesync.cache.l1.coherence-window: how far behind Redis an L1 answer may be. */
    private static final long WINDOW_MS = 100;

    /** Another replica of this region: same Redis, its own (here: no) L1. */
    private EntryStore otherReplica;
    private InvalidationStore otherReplicaInvalidations;

    @BeforeEach
    void setUp() {
        region("eager", 100);
        RedisAccess access = new RedisAccess(redis, config);
        otherReplica = new EntryStore(access);
        otherReplicaInvalidations = new InvalidationStore(access);
        awaitCurrent(coherence);
    }

    @Test
    void hitsAreServedFromL1WithoutRedisOnceTheFeedIsCurrent() {
        String p = path("l1/second-read");
        TestOrigin.Route route = ORIGIN.route(p).version(4);
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"), "the first hit reads Redis and fills L1");
        assertNotNull(l1.get(p), "L1 holds the entry");

        double hits = l1.hits();
        long answered = hitRoute.answered();
        long gets = commandCalls("get");
        long mgets = commandCalls("mget");
        long evals = commandCalls("eval");
        for (int i = 0; i < 5; i++) {
            Response r = get(p);
            assertEquals(200, r.statusCode());
            assertEquals("HIT", r.getHeader("X-Cache"));
            assertEquals(4, version(r));
        }
        assertEquals(5.0, l1.hits() - hits, "five lookups answered by L1");
        assertEquals(5, hitRoute.answered() - answered, "on the event loop");
        assertEquals(0, commandCalls("get") - gets, "no GET of the entry");
        assertEquals(0, commandCalls("mget") - mgets, "no validation MGET: the feed is current");
        assertEquals(0, commandCalls("eval") - evals);
        assertEquals(1, route.requests.get());

        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("edgesync_l1_hits_total") && !l.endsWith(" 0.0")),
                "edgesync_l1_hits_total exported");
    }

    @Test
    void tagPurgeAppliedByAnotherReplicaEmptiesThisL1WithinTheWindow() {
        String tag = "l1tag-" + RUN;
        String p = path("l1/tag-purge");
        TestOrigin.Route route = ORIGIN.route(p).version(2).tags(tag);
        warm(p);

        otherReplicaInvalidations.apply(InvalidationPlan.of(purge(List.of(), List.of(tag), List.of(), PurgeMode.HARD),
                Strategy.EAGER));
        awaitGone(p);

        route.version(3);
        Response r = get(p);
        assertEquals("MISS", r.getHeader("X-Cache"), "purged: not served from L1");
        assertEquals(3, version(r));
        assertEquals(2, route.requests.get());
        Response again = get(p);
        assertEquals("HIT", again.getHeader("X-Cache"));
        assertEquals(3, version(again));
    }

    @Test
    void softPurgeByAnotherReplicaInALazyRegionServesStale() {
        region("lazy", 100);
        String p = path("l1/soft-purge");
        TestOrigin.Route route = ORIGIN.route(p).version(5);
        warm(p);
        otherReplicaInvalidations.apply(InvalidationPlan.of(purge(List.of(p), List.of(), List.of(), PurgeMode.SOFT),
                Strategy.LAZY));
        awaitGone(p);
        route.version(6);
        Response r = get(p);
        assertEquals("STALE", r.getHeader("X-Cache"), "marked stale by the other replica, as without L1");
        assertEquals(5, version(r));
    }

    @Test
    void minimumVersionRaisedByAnotherReplicaIsObeyed() {
        String p = path("l1/min-version");
        TestOrigin.Route route = ORIGIN.route(p).version(7);
        warm(p);
        // the content-updated apply of another replica: mv:h:<key> raised to the new version
        otherReplicaInvalidations.apply(InvalidationPlan.of(updated(p, List.of(), 8, PurgeMode.DEFAULT), Strategy.EAGER));
        awaitGone(p);
        route.version(8);
        Response r = get(p);
        assertEquals("MISS", r.getHeader("X-Cache"));
        assertEquals(8, version(r));
    }

    @Test
    void entryReplacedByAnotherReplicaIsNoticed() {
        String p = path("l1/replaced");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        warm(p);
        String before = l1.get(p).stamp();

        storeAs(otherReplica, p, 9, "{\"from\":\"other-replica\"}");
        awaitGone(p);

        double hits = l1.hits();
        Response r = get(p);
        assertEquals("HIT", r.getHeader("X-Cache"));
        assertEquals(9, version(r), "the replacement is served, not the L1 copy");
        assertEquals("{\"from\":\"other-replica\"}", r.asString());
        assertEquals(0.0, l1.hits() - hits, "the Redis path answered");
        assertTrue(!before.equals(l1.get(p).stamp()), "L1 refreshed with the replacement");

        Response again = get(p);
        assertEquals(9, version(again));
        assertEquals(1.0, l1.hits() - hits, "then L1 answers again");
        assertEquals(1, route.requests.get());
    }

    @Test
    void withoutTheFeedL1CopiesAreValidatedAgainstRedis() {
        String p = path("l1/no-feed");
        String tag = "l1nofeed-" + RUN;
        String q = path("l1/no-feed-tagged");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        ORIGIN.route(q).version(1).tags(tag);
        warm(p);
        warm(q);
        coherence.stop();
        try {
            assertFalse(coherence.current());
            // a delete (or expiry) without a message, and a purge whose message this replica does not receive
            send(Request.cmd(Command.DEL).arg(RedisKeys.entry(p)).arg(RedisKeys.stamp(p)));
            otherReplicaInvalidations.apply(InvalidationPlan.of(purge(List.of(), List.of(tag), List.of(), PurgeMode.HARD),
                    Strategy.EAGER));
            assertNotNull(l1.get(p), "nobody told this L1");
            assertNotNull(l1.get(q));
            long answered = hitRoute.answered();
            long mgets = commandCalls("mget");
            assertEquals("MISS", get(p).getHeader("X-Cache"));
            assertEquals("MISS", get(q).getHeader("X-Cache"));
            assertEquals(answered, hitRoute.answered(), "the event loop did not answer");
            assertTrue(commandCalls("mget") > mgets, "the copies were validated");
            assertEquals(2, route.requests.get());
        } finally {
            coherence.start();
        }
        awaitCurrent(coherence);
        assertNull(l1.get(q), "a new subscription starts from an empty L1");
    }

    @Test
    void aPausedRedisStopsL1AnswersWithinTheWindow() {
        String p = path("l1/paused");
        ORIGIN.route(p).version(1);
        warm(p);
        assertTrue(coherence.current());
        long pauseMs = 600;
        send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(pauseMs).arg("ALL"));
        long paused = System.nanoTime();
        sleep(WINDOW_MS + 60);
        boolean during = coherence.current();
        long elapsedMs = (System.nanoTime() - paused) / 1_000_000;
        if (elapsedMs < pauseMs) {
            assertFalse(during, "no heartbeat came back for longer than the window: L1 is not current");
        }
        awaitCurrent(coherence);
        assertEquals("HIT", get(p).getHeader("X-Cache"));
    }

    @Test
    void keyPrefixAndVersionInvalidationsByAnotherReplicaReachThisL1() {
        String a = path("l1/cross/key");
        String b = path("l1/cross/pre/b");
        String c = path("l1/cross/ver");
        TestOrigin.Route ra = ORIGIN.route(a).version(1);
        TestOrigin.Route rb = ORIGIN.route(b).version(1);
        TestOrigin.Route rc = ORIGIN.route(c).version(1);
        warm(a);
        warm(b);
        warm(c);
        ra.version(2);
        rb.version(2);
        rc.version(2);
        otherReplicaInvalidations.apply(InvalidationPlan.of(purge(List.of(a), List.of(), List.of(), PurgeMode.HARD),
                Strategy.EAGER));
        otherReplicaInvalidations.apply(InvalidationPlan.of(purge(List.of(), List.of(), List.of(path("l1/cross/pre/")),
                PurgeMode.HARD), Strategy.EAGER));
        otherReplicaInvalidations.apply(InvalidationPlan.of(updated(c, List.of(), 2, PurgeMode.DEFAULT), Strategy.EAGER));
        long due = System.nanoTime() + WINDOW_MS * 1_000_000;
        awaitGone(a);
        awaitGone(b);
        awaitGone(c);
        assertTrue(System.nanoTime() <= due, "gone from L1 within the coherence window");
        for (String p : List.of(a, b, c)) {
            Response r = get(p);
            assertEquals("MISS", r.getHeader("X-Cache"), p);
            assertEquals(2, version(r), p);
        }
    }

    @Test
    void theEventLoopHitSendsTheHeadersOfTheReadPath() {
        String p = path("l1/headers");
        TestOrigin.Route route = ORIGIN.route(p).version(5).tags("hdr-" + RUN);
        route.headers.put("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
        route.headers.put("X-Custom", "kept");
        warm(p);
        String etag = get(p).getHeader("ETag");
        assertNotNull(etag);
        // max-stale changes nothing for a fresh copy, but sends the request down the read path (worker thread)
        for (String[] variant : List.of(new String[] {"GET"}, new String[] {"HEAD"},
                new String[] {"GET", "If-None-Match", etag},
                new String[] {"GET", "If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT"})) {
            long answered = hitRoute.answered();
            Response loop = request(variant, null);
            assertEquals(answered + 1, hitRoute.answered(), "event loop: " + String.join(" ", variant));
            Response worker = request(variant, "max-stale=1");
            assertEquals(answered + 1, hitRoute.answered(), "read path: " + String.join(" ", variant));
            assertEquals(worker.statusCode(), loop.statusCode(), String.join(" ", variant));
            assertEquals(comparable(worker), comparable(loop), String.join(" ", variant));
            assertEquals(worker.asString(), loop.asString());
        }
    }

    private static Response request(String[] variant, String cacheControl) {
        var spec = given();
        if (variant.length == 3) {
            spec.header(variant[1], variant[2]);
        }
        if (cacheControl != null) {
            spec.header("Cache-Control", cacheControl);
        }
        return spec.request(variant[0], path("l1/headers")).andReturn();
    }

    /**
     * Header names and values, lower-case names, sorted (RESTEasy sorts fields by name; the order of different
     * fields carries no meaning); Date and Age by name only (the clock moves).
     */
    private static List<String> comparable(Response r) {
        return r.getHeaders().asList().stream()
                .map(h -> {
                    String name = h.getName().toLowerCase(java.util.Locale.ROOT);
                    return name.equals("date") || name.equals("age") ? name : name + ": " + h.getValue();
                })
                .sorted()
                .toList();
    }

    @Test
    void variantsAreKeptApartAndValidated() {
        String p = path("l1/vary");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        route.headers.put("Vary", "Accept-Language");
        route.echoHeader = "Accept-Language";
        String en = given().header("Accept-Language", "en").get(p).asString();
        String fr = given().header("Accept-Language", "fr").get(p).asString();
        for (int i = 0; i < 2; i++) {
            Response ren = given().header("Accept-Language", "en").get(p).andReturn();
            Response rfr = given().header("Accept-Language", "fr").get(p).andReturn();
            assertEquals("HIT", ren.getHeader("X-Cache"));
            assertEquals("HIT", rfr.getHeader("X-Cache"));
            assertEquals(en, ren.asString());
            assertEquals(fr, rfr.asString());
        }
        assertTrue(!en.equals(fr), "the origin echoed the variant: " + en);
        assertEquals(2, route.requests.get());
        double hits = l1.hits();
        Response again = given().header("Accept-Language", "fr").get(p).andReturn();
        assertEquals(fr, again.asString());
        assertEquals(1.0, l1.hits() - hits, "a variant hit is an L1 hit too");

        // another replica refills the latest variant (en): the fr variant stays valid, en is re-read
        CacheEntry latest = otherReplica.get(p);
        assertNotNull(latest);
        otherReplica.put(latest, System.currentTimeMillis(), Duration.ofMinutes(5));
        assertEquals(fr, given().header("Accept-Language", "fr").get(p).asString());
        assertEquals(en, given().header("Accept-Language", "en").get(p).asString());
        double before = l1.hits();
        assertEquals(fr, given().header("Accept-Language", "fr").get(p).asString());
        assertEquals(1.0, l1.hits() - before, "the re-read fr variant is in L1 again");
        assertEquals(2, route.requests.get());
    }

    /** Polls (1 ms) until this replica's L1 dropped {@code p}; fails after the coherence window. */
    private void awaitGone(String p) {
        long deadline = System.nanoTime() + WINDOW_MS * 1_000_000;
        while (l1.get(p) != null) {
            assertTrue(System.nanoTime() < deadline, "dropped from this replica's L1 within " + WINDOW_MS + " ms");
            sleep(1);
        }
    }

    private void warm(String p) {
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        double hits = l1.hits();
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        assertEquals(1.0, l1.hits() - hits, "warm: L1 answers");
        assertNotNull(l1.get(p));
    }

    private void storeAs(EntryStore replica, String key, long version, String body) {
        long now = System.currentTimeMillis();
        CacheEntry entry = EntryFactory.fromOrigin(key, 200,
                Map.of("cache-control", "public, s-maxage=60", "content-type", "application/json",
                        "x-content-version", Long.toString(version), "etag", "\"" + key + "-" + version + "\""),
                body.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), now).orElseThrow();
        CacheEntry stored = EntryFactory.withSnapshot(entry, replica.state(key, entry.tokens()), false);
        replica.put(stored, now, Duration.ofMinutes(5));
    }

    private io.vertx.mutiny.redis.client.Response send(Request request) {
        return redis.send(request).await().atMost(Duration.ofSeconds(2));
    }

    /** Calls of a Redis command so far (INFO commandstats). */
    private long commandCalls(String command) {
        String info = send(Request.cmd(Command.INFO).arg("commandstats")).toString();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        return Long.parseLong(part.substring(6));
                    }
                }
            }
        }
        return 0;
    }
}
