package dev.edgesync.edge.warming;

import dev.edgesync.edge.cache.HttpDate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The origin of the JIT warm-up: a loopback HTTP server that answers the warm-up's keys, and the one rule that sends
 * a fill there instead of to the configured origin or shield ({@link #baseFor}). The keys are
 * {@code /.edgesync-jit-warmup/<128 random bits>/<n>}: no client can name them, and once the warm-up is over
 * ({@link #close}) no key is routed here, so a client's request for such a path goes to the real origin like any
 * other. Answers are small (256 B to 4 KiB, {@code Cache-Control: public, max-age=2}, {@code Last-Modified}, an
 * {@code ETag} that changes every 2 s, a 304 for a matching {@code If-None-Match}), so the warm-up also takes the
 * revalidation path; its entries stay in the region's Redis only as long as any stale entry
 * ({@code edgesync.cache.retain-after-stale}).
 */
@ApplicationScoped
public class WarmupOrigin {
    static final String ROOT = "/.edgesync-jit-warmup/";
    /** Body sizes the warm-up's keys cycle through, bytes. */
    static final String LAST_MODIFIED = "Tue, 01 Dec 2026 00:00:00 GMT";
    private static final int[] SIZES = {512, 1024, 2048, 512, 4096, 1024, 512, 256};

    private final String prefix = ROOT + HexFormat.of().formatHex(new SecureRandom().generateSeed(16)) + "/";
    private final Buffer[] bodies = new Buffer[SIZES.length];
    private final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    private volatile HttpServer server;
    private volatile String base;

    public WarmupOrigin() {
        for (int i = 0; i < SIZES.length; i++) {
            bodies[i] = Buffer.buffer(new byte[SIZES[i]]);
        }
    }

    /** The key of warm-up object {@code n}; every other one with a query string, as many clients' keys have. */
    String key(int n) {
        return n % 2 == 0 ? prefix + n : prefix + n + "?v=" + n % 7;
    }

    /** The loopback base URL that fills of {@code key} go to while the warm-up runs, else null: the usual origin. */
    public String baseFor(String key) {
        String b = base;
        return b != null && key.startsWith(prefix) ? b : null;
    }

    /** Fills and revalidations this origin answered. */
    int asked() {
        return asked.get();
    }

    /** Starts listening on a free loopback port; completes with its base URL. */
    Future<String> open(Vertx vertx) {
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        s.requestHandler(this::answer);
        return s.listen().map(listening -> {
            server = listening;
            base = "http://127.0.0.1:" + listening.actualPort();
            return base;
        });
    }

    /** Stops routing warm-up keys here and stops listening. */
    Future<Void> close() {
        base = null;
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    private void answer(HttpServerRequest request) {
        String path = request.path();
        if (!path.startsWith(prefix)) {
            request.response().setStatusCode(404).end();
            return;
        }
        int n;
        try {
            n = Integer.parseInt(path.substring(prefix.length()));
        } catch (NumberFormatException e) {
            request.response().setStatusCode(404).end();
            return;
        }
        asked.incrementAndGet();
        // a new version every 2 s (its max-age): a stale copy's revalidation gets a new body, a fill like a miss's
        String etag = "\"w" + n + "-" + System.currentTimeMillis() / 2000 + "\"";
        // the fields a typical origin sends, so the warm-up parses what real fills parse
        var response = request.response().putHeader("Cache-Control", "public, max-age=2").putHeader("ETag", etag)
                .putHeader("Content-Type", "application/octet-stream").putHeader("Last-Modified", LAST_MODIFIED)
                .putHeader("Date", HttpDate.format(System.currentTimeMillis()));
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
        } else {
            response.end(bodies[Math.floorMod(n, bodies.length)]);
        }
    }
}
