package dev.edgesync.bench;

import com.sun.net.httpserver.HttpServer;
import dev.edgesync.testkit.servers.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The origin of the miss storm: answers every GET after {@code delayMs} (a slow origin nginx cannot imitate without
 * extra modules) with a cacheable 1 KiB body, and counts the fetches per path. The nginx origin passes
 * {@code /slow/} here, so the three caches reach it through the same origin URL.
 */
final class SlowOrigin implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slow-origin");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    /** When each path's first fetch arrived ({@link System#nanoTime}). */
    private final Map<String, Long> firstAsked = new ConcurrentHashMap<>();

    SlowOrigin(long delayMs) throws IOException {
        byte[] body = BenchBodies.bytes(1024, 7);
        server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 2048);
        server.createContext("/", exchange -> {
            try (exchange) {
                long arrived = System.nanoTime();
                String path = exchange.getRequestURI().getPath();
                firstAsked.putIfAbsent(path, arrived);
                fetches.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.getResponseHeaders().set("Cache-Control", CacheTier.CACHE_CONTROL);
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int fetches(String path) {
        AtomicInteger n = fetches.get(path);
        return n == null ? 0 : n.get();
    }

    /** When {@code path}'s first fetch arrived ({@link System#nanoTime}), or empty when it was never fetched. */
    OptionalLong firstAsked(String path) {
        Long at = firstAsked.get(path);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
