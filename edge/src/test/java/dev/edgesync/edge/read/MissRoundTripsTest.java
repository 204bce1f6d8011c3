package dev.edgesync.edge.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.time.Duration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a cold miss costs in Redis: its commands, counted by Redis itself ({@code MONITOR}), leaving out
 * the edge's background traffic (coherence heartbeats, lease and policy checks). The scripts go by hash
 * ({@code EVALSHA}), and still work after Redis forgot them ({@code SCRIPT FLUSH}, a restart).
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class MissRoundTripsTest extends EdgeTestSupport {
    private static final Set<String> BACKGROUND = Set.of("publish", "ping", "subscribe", "zmscore", "zadd", "zrange",
            "zrangebyscore", "client", "info", "hello", "select", "config", "script", "xadd", "xrange", "hgetall", "echo", "monitor");

    @Inject
    Redis redis;

    @BeforeEach
    void setUp() {
        region("eager", 100);
    }

    @Test
    void coldMissTakesTwoRoundTripsAndSendsNoScriptBody() {
        // a first miss loads the scripts (and warms everything up): not counted
        ORIGIN.route(path("trips/warm")).version(1);
        assertEquals("MISS", get(path("trips/warm")).getHeader("X-Cache"));

        int misses = 5;
        Map<String, Long> delta = monitored("trips/cold-", () -> {
            for (int i = 0; i < misses; i++) {
                String p = path("trips/cold-" + i);
                ORIGIN.route(p).version(1);
                assertEquals("MISS", get(p).getHeader("X-Cache"));
            }
        });
        long trips = delta.values().stream().mapToLong(Long::longValue).sum();
        // the lookup that takes the region fill lock with the fill's start and state (EntryOrFillLock), then the
        // fenced store that also releases the lock: 2 each
        assertTrue(trips <= 2L * misses, "Redis commands of " + misses + " cold misses: " + delta);
        assertEquals(0L, delta.getOrDefault("eval", 0L), "no script sent as its body: " + delta);
    }

    @Test
    void scriptsForgottenByRedisAreLoadedAgain() {
        String p = path("trips/flushed");
        TestOrigin.Route route = ORIGIN.route(p).version(3);
        redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await().atMost(Duration.ofSeconds(2));
        assertEquals("MISS", get(p).getHeader("X-Cache"));
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        assertEquals(1, route.requests.get(), "stored by the fill, not bypassed");
    }

    @Test
    void concurrentMissesShareOneRedisConnectionPerEventLoop() throws Exception {
        ORIGIN.route(path("trips/warm-burst")).version(1);
        assertEquals("MISS", get(path("trips/warm-burst")).getHeader("X-Cache"));

        int misses = 48;
        Set<String> clients = ConcurrentHashMap.newKeySet();
        Map<String, Long> delta = monitored("trips/burst-", clients, () -> {
            ExecutorService pool = Executors.newFixedThreadPool(misses);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < misses; i++) {
                    String p = path("trips/burst-" + i);
                    ORIGIN.route(p).version(1).delay(100);
                    answers.add(pool.submit(() -> {
                        start.await();
                        return get(p).getHeader("X-Cache");
                    }));
                }
                start.countDown();
                for (Future<String> answer : answers) {
                    assertEquals("MISS", answer.get(30, TimeUnit.SECONDS));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdownNow();
            }
        });
        // the pool lent a connection per command in flight: up to one per concurrent miss, each command a system
        // call of its own both ways; pipelined, the misses of one event loop share its connection (RedisPipeline)
        int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
        assertTrue(clients.size() <= eventLoops, misses + " concurrent misses reached Redis over " + clients.size()
                + " connections (event loops: " + eventLoops + "): " + clients + ", commands " + delta);
    }

    static Map<String, Long> monitored(String keyPart, Runnable requests) {
        return monitored(keyPart, ConcurrentHashMap.newKeySet(), requests);
    }

    /**
     * Commands this test's requests sent, by name: {@code MONITOR} on the region's Redis while {@code requests} run,
     * leaving out what scripts run inside ({@code [0 lua]}), the edge's background commands, and any command that
     * names no key containing {@code keyPart} (a background script of an earlier test's key, such as a
     * revalidation or a write-back, is an {@code EVALSHA} too). The connections they came over go to
     * {@code clients} ({@code host:port} as Redis saw them).
     */
    static Map<String, Long> monitored(String keyPart, Set<String> clients, Runnable requests) {
        URI url = URI.create(System.getProperty("edge.test.redis"));
        Map<String, Long> counts = new ConcurrentHashMap<>();
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("+OK", in.readLine());
            String marker = "trips-end-" + System.nanoTime();
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = in.readLine()) != null;) {
                        if (line.contains(marker)) {
                            return;
                        }
                        int bracket = line.indexOf(']');
                        if (bracket < 0 || line.substring(0, bracket).endsWith("lua") || !line.contains(keyPart)) {
                            continue;
                        }
                        int q = line.indexOf('"', bracket);
                        int end = q < 0 ? -1 : line.indexOf('"', q + 1);
                        if (end > 0) {
                            int space = line.lastIndexOf(' ', bracket);
                            clients.add(line.substring(space + 1, bracket));
                            String command = line.substring(q + 1, end).toLowerCase(Locale.ROOT);
                            if (!BACKGROUND.contains(command)) {
                                counts.merge(command, 1L, Long::sum);
                            }
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            reader.start();
            requests.run();
            Thread.sleep(300); // the last fill's store is answered before its reply; MONITOR lines may lag
            try (Socket other = new Socket(url.getHost(), url.getPort())) {
                other.getOutputStream().write(("ECHO " + marker + "\r\n").getBytes(StandardCharsets.US_ASCII));
                other.getInputStream().read();
            }
            reader.join(5000);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }
}
