package dev.edgesync.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pass-through HTTP proxy between an edge and the real origin that can hold one response: it
 * fetches from the origin at once, then keeps the answer until released. This is how the tests put
 * an origin response "in flight" while an invalidation is applied. Loopback only.
 */
final class HoldingProxy implements AutoCloseable {
    private static final Set<String> FORWARDED = Set.of("accept", "if-none-match", "if-modified-since",
            "cache-control", "user-agent");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "transfer-encoding", "content-length",
            "keep-alive", "date");

    private final HttpServer server;
    private final String target;
    private final AtomicReference<String> heldPath = new AtomicReference<>();
    private volatile CountDownLatch fetched = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);
    private final AtomicInteger requests = new AtomicInteger();

    HoldingProxy(int port, String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The next request for {@code path} is fetched from the origin, then held until {@link #release()}. */
    void holdNext(String path) {
        fetched = new CountDownLatch(1);
        release = new CountDownLatch(1);
        heldPath.set(path);
    }

    /** Waits until the held request has its origin response in hand. */
    boolean awaitFetched(Duration timeout) throws InterruptedException {
        return fetched.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        release.countDown();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    /** Whether this request is the one to hold (at most one per {@link #holdNext}). */
    private synchronized boolean takeHold(String pathAndQuery) {
        if (pathAndQuery.equals(heldPath.get())) {
            heldPath.set(null);
            return true;
        }
        return false;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String pathAndQuery = exchange.getRequestURI().toString();
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                            exchange.getRequestBody().readAllBytes()));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (FORWARDED.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(v -> forward.header(header.getKey(), v));
                }
            }
            HttpResponse<byte[]> response = Http.CLIENT.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (takeHold(pathAndQuery)) {
                fetched.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] body = response.body();
            boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod()) || response.statusCode() == 304;
            exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : body.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.err.println("holding proxy: " + e);
            exchange.sendResponseHeaders(502, -1);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
