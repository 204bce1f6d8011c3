package dev.edgesync.edge.warming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.L1Cache;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Issue 9: the warm-up's plan of requests, and its readiness while it runs. No server. */
class WarmupPlanTest {

    @Test
    void firstHalfAsksEachNewObjectTwiceSecondHalfRevisitsThem() {
        int total = 1_000;
        int objects = WarmupPlan.objects(total);
        assertEquals(250, objects, "a quarter of a round's requests are plain misses");
        Set<Integer> firstHalf = new HashSet<>();
        for (int j = 0; j < total / 2; j++) {
            firstHalf.add(WarmupPlan.request(j, total).object());
        }
        assertEquals(objects, firstHalf.size());
        assertEquals(WarmupPlan.request(4, total).object(), WarmupPlan.request(5, total).object());
        assertTrue(WarmupPlan.request(5, total).object() != WarmupPlan.request(6, total).object());
        for (int j = total / 2; j < total; j++) {
            int o = WarmupPlan.request(j, total).object();
            assertTrue(o >= 0 && o < objects, "revisits only the first half's objects: " + o);
        }
        assertTrue(WarmupPlan.request(3, total).conditional());
        assertFalse(WarmupPlan.request(2, total).conditional());
        assertTrue(WarmupPlan.request(5, total).head());
        assertFalse(WarmupPlan.request(6, total).head());
    }

    @Test
    void notReadyWhileItHasRequestsToSendReadyWhenOff() {
        JitWarmup on = new JitWarmup(config(100), new WarmupOrigin(), L1Cache.standalone(true, 1 << 20,
                Duration.ofSeconds(5)), null);
        assertEquals(JitWarmup.State.RUNNING, on.state());
        assertEquals(HealthCheckResponse.Status.DOWN, JitWarmupReadiness.of(on).getStatus());
        JitWarmup off = new JitWarmup(config(0), new WarmupOrigin(), L1Cache.standalone(true, 1 << 20,
                Duration.ofSeconds(5)), null);
        assertEquals(HealthCheckResponse.Status.UP, JitWarmupReadiness.of(off).getStatus());
    }

    @Test
    void theJitIsQuietBelowFivePerCentOfTheTimeCompiling() {
        assertEquals(0.5, JitQuiet.share(500, 1000), 1e-9);
        assertEquals(1.0, JitQuiet.share(2500, 1000), 1e-9); // two compiler threads: capped
        assertEquals(1.0, JitQuiet.share(0, 0), 1e-9);      // no time passed: not known to be quiet
        JitQuiet q = new JitQuiet();
        assertFalse(q.quiet(), "not quiet before two samples");
    }

    @Test
    void theFirstRoundsFillNewObjectsLaterRoundsRevisitThemSoRedisHoldsTwoRoundsWorth() {
        int total = 1_000;
        int perRound = WarmupPlan.objects(total);
        Set<Integer> seen = new HashSet<>();
        for (int round = 0; round < WarmupPlan.RANGES; round++) {
            Set<Integer> mine = new HashSet<>();
            for (int j = round * total; j < round * total + total / 2; j++) {
                mine.add(WarmupPlan.request(j, total).object());
            }
            assertEquals(perRound, mine.size());
            for (int o : mine) {
                assertTrue(seen.add(o), "round " + round + " asks for object " + o + " of an earlier round");
            }
        }
        for (int j = 0; j < 3 * WarmupPlan.RANGES * total; j++) {
            assertTrue(WarmupPlan.request(j, total).object() < WarmupPlan.allObjects(total), "object of request " + j);
        }
        assertEquals(WarmupPlan.request(10, total).object(),
                WarmupPlan.request(WarmupPlan.RANGES * total + 10, total).object());
    }

    private static JitWarmupConfig config(int requests) {
        return new JitWarmupConfig() {
            @Override
            public int requests() {
                return requests;
            }

            @Override
            public boolean untilQuiet() {
                return true;
            }

            @Override
            public int connections() {
                return 8;
            }

            @Override
            public Duration maxTime() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
