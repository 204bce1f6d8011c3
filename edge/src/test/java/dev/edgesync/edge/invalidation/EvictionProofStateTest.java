package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.PurgeMode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A redis-server of its own with a small maxmemory and the chart's eviction policy, driven past its limit while
 * updates and purges are applied: no copy older than an applied invalidation may be answered as fresh.
 */
@QuarkusTest
@TestProfile(EvictionProofStateTest.SmallRedis.class)
class EvictionProofStateTest extends EdgeTestSupport {
    private static final int KEYS = 24;
    private static final String FILLER = "x".repeat(100_000);

    public static class SmallRedis implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EdgeTestResources.class, Map.of("redis", "small")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Inject
    Redis redis;

    private static String chartPolicy() throws IOException {
        Path values = Path.of("..", "helm", "edgesync", "values.yaml");
        Matcher m = Pattern.compile("evictionPolicy:\\s*(\\S+)").matcher(Files.readString(values));
        assertTrue(m.find(), "the chart sets an eviction policy");
        return m.group(1);
    }

    private String send(Request request) {
        return redis.send(request).await().atMost(Duration.ofSeconds(5)).toString();
    }

    private long evictedKeys() {
        String stats = send(Request.cmd(Command.INFO).arg("stats"));
        Matcher m = Pattern.compile("evicted_keys:(\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Cache-entry-like filler (with an expiry, as every entry has), past maxmemory. */
    private void fillWithExpiringKeys(int count) {
        for (int i = 0; i < count; i++) {
            send(Request.cmd(Command.SET).arg("e:filler:" + RUN + ":" + i + ":" + System.nanoTime()).arg(FILLER)
                    .arg("PX").arg(600_000));
        }
    }

    @Test
    void noCopyOlderThanAnAppliedInvalidationCountsAsFreshWhileRedisEvicts() throws Exception {
        String policy = chartPolicy();
        send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory-policy").arg(policy));
        region("eager", 100);
        List<String> paths = new ArrayList<>();
        List<TestOrigin.Route> routes = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            String p = path("evict/" + i);
            paths.add(p);
            routes.add(ORIGIN.route(p).version(1).tags("evict-" + RUN + "-" + (i % 4)));
            get(p);
        }
        long evictedBefore = evictedKeys();
        List<String> violations = new ArrayList<>();
        for (int round = 2; round <= 6; round++) {
            fillWithExpiringKeys(40);
            List<InvalidationEvent> events = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                routes.get(i).version(round);
                events.add(updated(paths.get(i), List.of(), round, PurgeMode.DEFAULT));
            }
            events.add(purge(List.of(), List.of("evict-" + RUN + "-" + (round % 4)), List.of(), PurgeMode.DEFAULT));
            events.forEach(kafka()::publish);
            events.forEach(e -> kafka().awaitAck(e.id(), Duration.ofSeconds(30)));
            fillWithExpiringKeys(40);
            for (int i = 0; i < KEYS; i++) {
                Response r = get(paths.get(i));
                if (version(r) < round) {
                    violations.add(paths.get(i) + " answered v" + version(r) + " (" + r.getHeader("X-Cache")
                            + ") after v" + round + " was applied");
                }
                get(paths.get(i));
            }
        }
        assertTrue(evictedKeys() > evictedBefore, "Redis was driven past maxmemory and evicted");
        assertEquals(List.of(), violations);
    }

    @Test
    void redisFullOfStateAnswersFromTheOriginNotFromOldCopies() {
        region("eager", 100);
        String p = path("evict/full");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        // keys with no expiry, as invalidation state is: nothing can be evicted, writes fail with OOM
        List<String> pinned = new ArrayList<>();
        try {
            // smaller and smaller values: a rejected write frees its request, so fill until a tiny one is refused
            for (int size : new int[] {100_000, 10_000, 1_000, 100, 10}) {
                for (int i = 0; i < 100_000; i++) {
                    String key = "x:pinned:" + RUN + ":" + size + ":" + i;
                    try {
                        send(Request.cmd(Command.SET).arg(key).arg(FILLER.substring(0, size)));
                    } catch (RuntimeException e) {
                        assertTrue(String.valueOf(e.getMessage()).contains("OOM"), e::getMessage);
                        break;
                    }
                    pinned.add(key);
                }
            }
            route.version(2);
            InvalidationEvent update = updated(p, List.of(), 2, PurgeMode.DEFAULT);
            long published = System.currentTimeMillis();
            kafka().publish(update);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Response r = get(p);
            while (version(r) < 2 && System.nanoTime() < deadline) {
                sleep(100);
                r = get(p);
            }
            long oldUntil = System.currentTimeMillis() - published;
            // delay 100 ms + the test profile's lease of 3 s + a loaded machine's slack
            assertTrue(oldUntil < 100 + 3000 + 1500, "the old copy was answered for " + oldUntil + " ms");
            // whether Redis refused the apply (lease expired: revalidated) or let it through between refusals
            // (a miss), the answer is the origin's new version, never the old copy as a HIT
            assertEquals(2, version(r), "the origin's version while Redis is full");
            assertNotEquals("HIT", r.getHeader("X-Cache"));
            // room again: the held invalidation is applied (not lost)
            delete(pinned);
            kafka().awaitAck(update.id(), Duration.ofSeconds(30));
        } finally {
            delete(pinned);
        }
    }

    private void delete(List<String> keys) {
        for (int i = 0; i < keys.size(); i += 500) {
            Request del = Request.cmd(Command.DEL);
            keys.subList(i, Math.min(keys.size(), i + 500)).forEach(del::arg);
            send(del);
        }
        keys.clear();
    }
}
