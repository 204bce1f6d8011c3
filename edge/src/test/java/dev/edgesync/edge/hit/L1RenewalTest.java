package dev.edgesync.edge.hit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.L1Copy;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.PlainHttpCacheProfile;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An L1 copy in use is confirmed against Redis past half its L1 max-age and kept, instead of leaving L1 at its
 * max-age and sending every request for it meanwhile down the read path at once (the fixed-rate P99.9 tail). A copy
 * whose Redis stamp changed is not kept. Plain HTTP cache mode (L1 always current), L1 max-age 1 s.
 */
@QuarkusTest
@TestProfile(L1RenewalTest.ShortL1Life.class)
class L1RenewalTest extends EdgeTestSupport {

    public static class ShortL1Life extends PlainHttpCacheProfile {
        @Override
        protected Map<String, String> more() {
            return Map.of("edgesync.cache.l1.max-age", "1s");
        }
    }

    @Inject
    L1Cache l1;

    @Inject
    HitRoute hitRoute;

    @Inject
    Redis redis;

    @Inject
    RegionCoherence coherence;

    @BeforeEach
    void setUp() {
        awaitSubscribed(coherence); // its first subscription drops L1: a copy filled before it would be gone
    }

    private L1Copy filled(String p) {
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        for (int i = 0; i < 3 && l1.get(p) == null; i++) {
            assertEquals("HIT", get(p).getHeader("X-Cache"));
        }
        L1Copy copy = l1.get(p);
        assertNotNull(copy, "the copy is in L1");
        return copy;
    }

    @Test
    void aCopyInUseOutlivesItsL1MaxAgeAnsweredOnTheEventLoopAllAlong() {
        String p = path("renewal/in-use");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        CacheEntry first = filled(p).entry();
        long answered = hitRoute.answered();
        int requests = 0;
        long end = System.currentTimeMillis() + 3_000; // three L1 lives
        while (System.currentTimeMillis() < end) {
            Response r = get(p);
            assertEquals("HIT", r.getHeader("X-Cache"));
            assertEquals("3", r.getHeader("X-Content-Version"));
            requests++;
            sleep(40);
        }
        assertEquals(requests, hitRoute.answered() - answered,
                "every request answered from L1 on the event loop, none sent to the read path by an expired copy");
        L1Copy held = l1.get(p);
        assertNotNull(held);
        assertSame(first, held.entry(), "still the copy read at first, confirmed, not re-read from Redis");
        assertEquals(1, route.requests.get());
    }

    @Test
    void aCopyWhoseStampChangedInRedisIsDroppedAtItsRenewal() {
        String p = path("renewal/restamped");
        ORIGIN.route(p).version(4);
        L1Copy copy = filled(p);
        // another writer's stamp, without the coherence message: only the renewal's stamp check can see it
        redis.send(Request.cmd(Command.SET).arg(RedisKeys.stamp(p)).arg("another-writer")).await()
                .atMost(Duration.ofSeconds(2));
        long end = System.currentTimeMillis() + 800; // past the renewal point (0.5 s), before the max-age (1 s)
        while (System.currentTimeMillis() < end) {
            assertEquals("HIT", get(p).getHeader("X-Cache"));
            sleep(40);
        }
        sleep(100); // the renewal's MGET has answered
        L1Copy held = l1.get(p);
        assertTrue(held == null || held != copy, "the copy whose stamp changed is no longer held");
        if (held != null) {
            assertNotSame(copy.entry(), held.entry());
        }
    }
}
