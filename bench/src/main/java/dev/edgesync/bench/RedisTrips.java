package dev.edgesync.bench;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the Redis round trips the edge makes per request: {@code MONITOR} on the edge's Redis while one connection
 * sends requests one after another. Commands run inside a Lua script ({@code [0 lua]}) are not round trips; the
 * edge's background traffic (L1 heartbeats, lease and policy checks) is left out by command name.
 */
final class RedisTrips implements AutoCloseable {
    private static final Set<String> BACKGROUND = Set.of("PUBLISH", "CONFIG", "PING", "SUBSCRIBE", "ZMSCORE", "ZADD",
            "CLIENT", "INFO", "HELLO", "SELECT", "MONITOR");

    private final Resp monitor;
    private final Thread reader;
    private final Map<String, Long> counts = new TreeMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    RedisTrips(int redisPort) throws IOException {
        monitor = new Resp("127.0.0.1", redisPort);
        monitor.call("MONITOR");
        reader = new Thread(this::read, "bench-redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!closed.get()) {
                Object line = monitor.next();
                String s = line instanceof byte[] b ? new String(b) : String.valueOf(line);
                int bracket = s.indexOf(']');
                if (bracket < 0 || s.substring(0, bracket).endsWith("lua")) {
                    continue;
                }
                int q = s.indexOf('"', bracket);
                int end = q < 0 ? -1 : s.indexOf('"', q + 1);
                if (end < 0) {
                    continue;
                }
                String command = s.substring(q + 1, end).toUpperCase(java.util.Locale.ROOT);
                if (!BACKGROUND.contains(command)) {
                    synchronized (counts) {
                        counts.merge(command, 1L, Long::sum);
                    }
                }
            }
        } catch (IOException e) {
            // closed
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

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        closed.set(true);
        monitor.close();
    }
}
