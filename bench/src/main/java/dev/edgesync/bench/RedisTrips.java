package dev.edgesync.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Counts the Redis round trips the edge makes per request: {@code MONITOR} on the edge's Redis while one connection
 * sends requests one after another. Commands run inside a Lua script ({@code [0 lua]}) are not round trips; the
 * edge's background traffic (L1 heartbeats, lease and policy checks) is left out by command name.
 */
final class RedisTrips implements AutoCloseable {
    private static final Set<String> BACKGROUND = Set.of("PUBLISH", "CONFIG", "PING", "SUBSCRIBE", "ZMSCORE", "ZADD",
            "CLIENT", "INFO", "HELLO", "SELECT", "MONITOR");

    private final Jedis monitor;
    private final Map<String, Long> counts = new TreeMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    RedisTrips(int redisPort) {
        monitor = Populator.connect("127.0.0.1", redisPort);
        // MONITOR starts on the reader thread; take() waits 300 ms before it reads, so the first take() resets
        Thread reader = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String line) {
                        count(line);
                    }
                });
            } catch (JedisException e) {
                // closed
            }
        }, "bench-redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    /** One MONITOR line: {@code 1700000000.123456 [0 127.0.0.1:5000] "GET" "e:/a"}. */
    private void count(String line) {
        int bracket = line.indexOf(']');
        if (closed.get() || bracket < 0 || line.substring(0, bracket).endsWith("lua")) {
            return;
        }
        int q = line.indexOf('"', bracket);
        int end = q < 0 ? -1 : line.indexOf('"', q + 1);
        if (end < 0) {
            return;
        }
        String command = line.substring(q + 1, end).toUpperCase(java.util.Locale.ROOT);
        if (!BACKGROUND.contains(command)) {
            synchronized (counts) {
                counts.merge(command, 1L, Long::sum);
            }
        }
    }

    /** Round trips by command since the last call (after a short pause for MONITOR to catch up), and resets. */
    Map<String, Long> take() throws InterruptedException {
        Thread.sleep(300);
        synchronized (counts) {
            Map<String, Long> copy = new TreeMap<>(counts);
            counts.clear();
            return copy;
        }
    }

    /**
     * Round trips per cold miss and per hit of the edge on {@code edgePort}: {@code n} sequential GETs of new objects
     * ({@code query} makes them new), then the same again; one sentence for the notes.
     */
    static String perRequest(int redisPort, int edgePort, String query) throws Exception {
        int n = 200;
        try (RedisTrips trips = new RedisTrips(redisPort);
                RawHttp c = new RawHttp("127.0.0.1", edgePort, 30_000)) {
            trips.take();
            for (int i = 0; i < n; i++) {
                c.exchange(c.request("GET", "/obj/" + i + query), false, false);
            }
            Map<String, Long> miss = trips.take();
            for (int i = 0; i < n; i++) {
                c.exchange(c.request("GET", "/obj/" + i + query), false, false);
            }
            Map<String, Long> hit = trips.take();
            return String.format(java.util.Locale.ROOT, "Redis round trips (MONITOR, %d sequential requests each): "
                    + "%.2f per cold miss %s, %.2f per hit %s", n, total(miss) / (double) n, miss,
                    total(hit) / (double) n, hit);
        }
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        closed.set(true);
        monitor.close();
    }
}
