package dev.edgesync.edge.read;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.invalidation.InvalidationPlan;
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
 * The in-process L1 of the hit path. This JVM is one replica of the region; the test plays another replica by
 * working the shared Redis with a {@link CacheStore} of its own (no access to this process's L1), as that replica
 * would when it applies an event of the region's consumer group or refills a key.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class L1HitPathTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @Inject
    CacheStore store;

    @Inject
    L1Cache l1;

    @Inject
    RegionConfig config;

    /** Another replica of this region: same Redis, its own (here: no) L1. */
    private CacheStore otherReplica;

    @BeforeEach
    void setUp() {
        region("eager", 100);
        otherReplica = new CacheStore(redis, config);
    }

    @Test
    void secondReadIsServedFromL1WithoutGettingTheEntry() {
        String p = path("l1/second-read");
        TestOrigin.Route route = ORIGIN.route(p).version(4);
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"), "the first hit reads Redis and fills L1");
        assertNotNull(l1.get(p), "L1 holds the entry");

        double hits = l1.hits();
        long gets = commandCalls("get");
        long mgets = commandCalls("mget");
        for (int i = 0; i < 5; i++) {
            Response r = get(p);
            assertEquals(200, r.statusCode());
            assertEquals("HIT", r.getHeader("X-Cache"));
            assertEquals(4, version(r));
        }
        assertEquals(5.0, l1.hits() - hits, "five lookups answered by L1");
        assertEquals(0, commandCalls("get") - gets, "no GET of the entry");
        assertTrue(commandCalls("mget") - mgets >= 5, "each L1 hit is still validated by one MGET");
        assertEquals(1, route.requests.get());

        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("edgesync_l1_hits_total") && !l.endsWith(" 0.0")),
                "edgesync_l1_hits_total exported");
    }

    @Test
    void tagPurgeAppliedByAnotherReplicaMakesTheNextReadAMiss() {
        String tag = "l1tag-" + RUN;
        String p = path("l1/tag-purge");
        TestOrigin.Route route = ORIGIN.route(p).version(2).tags(tag);
        warm(p);

        // the other replica applies the hard tag purge into the shared Redis; this process's L1 is untouched
        otherReplica.apply(InvalidationPlan.of(purge(List.of(), List.of(tag), List.of(), PurgeMode.HARD),
                Strategy.EAGER));
        assertNotNull(l1.get(p), "the L1 copy is still there: only validation can catch the purge");

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
        otherReplica.apply(InvalidationPlan.of(purge(List.of(p), List.of(), List.of(), PurgeMode.SOFT),
                Strategy.LAZY));
        assertNotNull(l1.get(p));
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
        send(Request.cmd(Command.SET).arg(RedisKeys.minVersionHard(p)).arg("8"));
        assertNotNull(l1.get(p));
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
        assertEquals(before, l1.get(p).stamp(), "this process's L1 was not told");

        double hits = l1.hits();
        Response r = get(p);
        assertEquals("HIT", r.getHeader("X-Cache"));
        assertEquals(9, version(r), "the replacement is served, not the L1 copy");
        assertEquals("{\"from\":\"other-replica\"}", r.asString());
        assertEquals(0.0, l1.hits() - hits, "stamp mismatch: the Redis path answered");
        assertTrue(!before.equals(l1.get(p).stamp()), "L1 refreshed with the replacement");

        Response again = get(p);
        assertEquals(9, version(again));
        assertEquals(1.0, l1.hits() - hits, "then L1 answers again");
        assertEquals(1, route.requests.get());
    }

    @Test
    void entryDeletedInRedisIsNotServedFromL1() {
        String p = path("l1/deleted");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        warm(p);
        // expiry (or a delete) of the entry in Redis removes its stamp with it
        send(Request.cmd(Command.DEL).arg(RedisKeys.entry(p)).arg(RedisKeys.stamp(p)));
        assertNotNull(l1.get(p));
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals(2, route.requests.get());
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

    private void warm(String p) {
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        double hits = l1.hits();
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        assertEquals(1.0, l1.hits() - hits, "warm: L1 answers");
        assertNotNull(l1.get(p));
    }

    private void storeAs(CacheStore replica, String key, long version, String body) {
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
