package dev.edgesync.edge.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real HTTP origin for the edge's tests (not a mock of the origin service): each test declares what a
 * path answers — status, version, Cache-Control, surrogate keys, delay — and reads how often it was asked.
 * Responses follow the project's origin conventions (ETag {@code "<path>-<version>"}, X-Content-Version,
 * Surrogate-Key) and honour If-None-Match with 304.
 */
public final class TestOrigin {

    /** What one path answers; mutable so a test can change it while requests are in flight. */
    public static final class Route {
        public volatile int status = 200;
        public volatile long version = 1;
        public volatile boolean sendVersion = true;
        public volatile String cacheControl = "public, s-maxage=60, stale-while-revalidate=30";
        public volatile String surrogateKey = "";
        /** Delay before answering; the version is read before the delay, like a slow origin that read its DB first. */
        public volatile long delayMs;
        /** Extra response headers (name → value); a null ETag / Last-Modified value leaves that header out. */
        public final Map<String, String> headers = new ConcurrentHashMap<>();
        public volatile boolean sendEtag = true;
        public volatile String lastModified = "Wed, 01 Jan 2025 00:00:00 GMT";
        /** A request header whose value the body echoes (to tell variants apart). */
        public volatile String echoHeader;
        /** Status of methods other than GET/HEAD. */
        public volatile int writeStatus = 200;
        /** Delay before answering methods other than GET/HEAD. */
        public volatile long writeDelayMs;
        public final java.util.List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();
        public volatile Map<String, java.util.List<String>> lastRequestHeaders = Map.of();
        public volatile String lastBody = "";
        public final AtomicInteger requests = new AtomicInteger();
        public final AtomicInteger conditionalRequests = new AtomicInteger();

        public Route version(long v) {
            this.version = v;
            return this;
        }

        public Route tags(String keys) {
            this.surrogateKey = keys;
            return this;
        }

        public Route cacheControl(String cc) {
            this.cacheControl = cc;
            return this;
        }

        public Route delay(long ms) {
            this.delayMs = ms;
            return this;
        }

        public Route status(int s) {
            this.status = s;
            return this;
        }

        public Route header(String name, String value) {
            this.headers.put(name, value);
            return this;
        }

        public Route echo(String requestHeader) {
            this.echoHeader = requestHeader;
            return this;
        }

        /** GET/HEAD requests (not writes). */
        public int reads() {
            return requests.get();
        }
    }

    private static volatile TestOrigin instance;

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    private TestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-origin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized TestOrigin get() {
        if (instance == null) {
            try {
                instance = new TestOrigin();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    private static volatile TestOrigin second;

    /**
     * A second, independent server playing a lagging shield for a lower-tier edge: its routes answer whatever
     * the test sets (e.g. an old version with {@code X-Cache: HIT} and a long {@code Age}) and record the requests.
     */
    public static synchronized TestOrigin shield() {
        if (second == null) {
            try {
                second = new TestOrigin();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return second;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Declares (or replaces) the route of a cache key (path with query). */
    public Route route(String key) {
        Route route = new Route();
        routes.put(key, route);
        return route;
    }

    /** Paths asked for that no route serves (answered 404), in order. */
    public final java.util.List<String> unrouted = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Route existing(String key) {
        return routes.get(key);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            Route route = routes.get(key);
            if (route == null) {
                unrouted.add(key);
                send(exchange, 404, "no-store", "{\"missing\":\"" + key + "\"}");
                return;
            }
            String method = exchange.getRequestMethod();
            route.methods.add(method);
            Map<String, java.util.List<String>> requestHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((n, v) -> requestHeaders.put(n.toLowerCase(java.util.Locale.ROOT), v));
            route.lastRequestHeaders = requestHeaders;
            var headers = exchange.getResponseHeaders();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                route.lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (route.writeDelayMs > 0) {
                    Thread.sleep(route.writeDelayMs);
                }
                route.headers.forEach(headers::set);
                send(exchange, route.writeStatus, null, "{\"written\":\"" + key + "\"}");
                return;
            }
            route.requests.incrementAndGet();
            long version = route.version;
            int status = route.status;
            String cacheControl = route.cacheControl;
            String tags = route.surrogateKey;
            if (route.delayMs > 0) {
                Thread.sleep(route.delayMs);
            }
            String etag = "\"" + key + "-" + version + "\"";
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            if (ifNoneMatch != null || ifModifiedSince != null) {
                route.conditionalRequests.incrementAndGet();
            }
            route.headers.forEach(headers::set);
            if (status == 200) {
                if (route.sendEtag) {
                    headers.set("ETag", etag);
                }
                if (route.sendVersion) {
                    headers.set("X-Content-Version", Long.toString(version));
                }
                if (tags != null && !tags.isEmpty()) {
                    headers.set("Surrogate-Key", tags);
                }
                if (route.lastModified != null) {
                    headers.set("Last-Modified", route.lastModified);
                }
                boolean etagMatches = route.sendEtag && etag.equals(ifNoneMatch);
                boolean notModifiedSince = ifNoneMatch == null && route.lastModified != null
                        && route.lastModified.equals(ifModifiedSince);
                if (etagMatches || notModifiedSince) {
                    if (cacheControl != null) {
                        headers.set("Cache-Control", cacheControl);
                    }
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
            }
            String echo = route.echoHeader == null ? ""
                    : ",\"echo\":\"" + exchange.getRequestHeaders().getFirst(route.echoHeader) + "\"";
            send(exchange, status, cacheControl,
                    "{\"key\":\"" + key + "\",\"version\":" + version + ",\"status\":" + status + echo + "}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String cacheControl, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
