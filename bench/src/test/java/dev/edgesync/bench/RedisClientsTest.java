package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryCodec;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.testkit.servers.RedisInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The bench's two uses of Redis through Jedis, on a real redis-server the lab starts on loopback. */
class RedisClientsTest {
    @TempDir
    static Path dir;
    private static RedisInstance redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisInstance.start("bench-test", dir, 0);
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void populatorWritesEntriesInTheEdgesFormatWithTheirExpiry() throws Exception {
        try (Jedis j = Populator.connect("127.0.0.1", redis.port())) {
            long keys = j.dbSize();
            Populator.Result r = Populator.populate("127.0.0.1", redis.port(), "pt", "tag-pt", 4_321, 2);
            assertEquals(4_321, r.count());
            assertEquals(keys + 4_321, j.dbSize());
            byte[] key = RedisKeys.entry(Populator.key("pt", 4_320)).getBytes(StandardCharsets.UTF_8);
            CacheEntry e = EntryCodec.decode(j.get(key));
            assertEquals("/api/pt/4320", e.key());
            assertEquals(List.of("tag-pt"), e.tags());
            long pttl = j.pttl(key);
            assertTrue(pttl > 3_600_000 && pttl <= 3_960_000, "PX of the entry: " + pttl);
            assertTrue(Long.parseLong(Populator.info(j, "memory", "used_memory")) > 0);
        }
    }

    @Test
    void redisTripsCountsRoundTripsButNotScriptsOrBackgroundCommands() throws Exception {
        try (RedisTrips trips = new RedisTrips(redis.port());
                Jedis j = Populator.connect("127.0.0.1", redis.port())) {
            trips.take();
            j.get("a");
            j.set("b", "1");
            j.eval("redis.call('GET', 'a'); return 1");
            j.publish("c", "x");
            j.ping();
            assertEquals(Map.of("GET", 1L, "SET", 1L, "EVAL", 1L), trips.take());
            j.get("a");
            assertEquals(Map.of("GET", 1L), trips.take());
        }
    }
}
