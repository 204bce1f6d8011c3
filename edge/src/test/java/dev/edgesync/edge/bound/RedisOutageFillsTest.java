package dev.edgesync.edge.bound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.EntryStore;
import dev.edgesync.edge.cache.RedisAccess;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.config.EdgeConfig;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A region's Redis paused (issue 10, {@code redis-pause}): while it does not answer, the edge answers newer versions
 * straight from the origin; once it answers again, the older copy it holds must not be answered, by this replica or
 * by any other replica of the region (played here by a {@link EntryStore} of the test's own on the same Redis).
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class RedisOutageFillsTest extends EdgeTestSupport {

    @Inject
    Redis redis;

    @Inject
    EdgeConfig config;

    @Inject
    RegionCoherence coherence;

    @Test
    void aRegionNeverGoesBackToAVersionOlderThanOneItAnsweredWhileRedisWasAway() {
        region("lazy", 100);
        String p = path("redis-outage/1");
        TestOrigin.Route route = ORIGIN.route(p).version(4);
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals(4, version(get(p)));

        route.version(5); // the invalidation for v5 cannot reach the paused Redis: it still holds v4 as fresh
        // long enough for a read to end inside it: a silent Redis with a live connection counts as slow first
        // (lookup and fill lock each wait edgesync.store.timeout, then the silence budget) and only then bypasses
        long pauseMs = 8_000;
        long pausedAt = System.nanoTime();
        redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(pauseMs).arg("ALL")).await()
                .atMost(Duration.ofSeconds(2));
        sleep(300); // past the L1 coherence window: the in-process copy no longer answers on its own
        Response during = get(p);
        assertTrue((System.nanoTime() - pausedAt) / 1_000_000 < pauseMs, "read while Redis was paused");
        assertEquals("BYPASS", during.getHeader("X-Cache"));
        assertEquals(5, version(during));

        long deadline = System.currentTimeMillis() + 10_000;
        while (!coherence.current()) { // Redis answers again
            assertTrue(System.currentTimeMillis() < deadline, "Redis came back");
            sleep(10);
        }
        for (int i = 0; i < 5; i++) {
            Response after = get(p);
            assertEquals(200, after.statusCode());
            assertEquals(5, version(after), "went back in time: read " + i + " after Redis returned answered v"
                    + version(after) + " " + after.getHeader("X-Cache") + " after v5 was answered");
        }

        // the other replicas of the region: v5 is written back as the key's hard minimum version
        EntryStore otherReplica = new EntryStore(new RedisAccess(redis, config));
        long writtenBy = System.currentTimeMillis() + 5_000; // the write-back runs every second
        while (otherReplica.state(p, CacheKey.tokens(p, List.of())).minVersionHard() < 5) {
            assertTrue(System.currentTimeMillis() < writtenBy,
                    "the version answered during the outage is a minimum version in Redis");
            sleep(100);
        }
    }
}
