package dev.edgesync.edge.hit;

import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.EntryValidity;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.config.LiveRegionSettings;
import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import dev.edgesync.edge.read.Delivery;
import dev.edgesync.edge.read.ReceiveRules;
import dev.edgesync.edge.read.Reply;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;

/**
 * The hit path on the event loop: a GET or HEAD answered from the in-process L1 with no Redis round trip and no
 * worker thread, the body written from the copy's shared buffer. It answers only what the read path would answer
 * as a plain HIT from the same copy: L1 current ({@link RegionCoherence#current}), the request's copy (key and
 * Vary variant) in L1, fresh by {@link ReusePolicy} now, and a request without credentials, {@code Range},
 * request directives or edge-to-edge ({@code X-EdgeSync-*}) fields. Everything else goes on ({@code next()}) to
 * the read path unchanged. Headers are decided by the same {@link Delivery#decide} as there.
 */
@ApplicationScoped
public class HitRoute {
    private static final String EDGE_FIELDS = "x-edgesync-";

    private final L1Cache l1;
    private final RegionCoherence coherence;
    private final EdgeMetrics metrics;
    private final LiveRegionSettings settings;
    private final boolean exposeSurrogateKey;
    private final ReceiveRules rules;
    private final java.util.concurrent.atomic.LongAdder answered = new java.util.concurrent.atomic.LongAdder();

    public HitRoute(L1Cache l1, RegionCoherence coherence, EdgeMetrics metrics, LiveRegionSettings settings,
            RegionConfig config, ReceiveRules rules) {
        this.rules = rules;
        this.l1 = l1;
        this.coherence = coherence;
        this.metrics = metrics;
        this.settings = settings;
        this.exposeSurrogateKey = config.cache().exposeSurrogateKey();
    }

    void install(@Observes Router router) {
        // before RESTEasy Reactive, which serves everything else (ROUTE_ORDER_DEFAULT and later)
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        HttpMethod method = request.method();
        boolean head = method == HttpMethod.HEAD;
        if ((!head && method != HttpMethod.GET) || !l1.enabled() || !plain(request.headers())) {
            ctx.next();
            return;
        }
        // the request's time, read once: coherence, freshness and the response's Date/Age all use it
        long now = System.currentTimeMillis();
        if (!coherence.current(now)) {
            ctx.next();
            return;
        }
        String key = key(request.path(), request.query());
        if (key == null) {
            ctx.next();
            return;
        }
        MultiMap headers = request.headers();
        L1Cache.Stamped copy = l1.find(key, name -> header(headers, name));
        if (copy == null || ReusePolicy.decide(EntryValidity.judgeUnchanged(copy.entry(), now), copy.entry(),
                CacheControl.NONE, now) != ReusePolicy.Reuse.FRESH) {
            ctx.next();
            return;
        }
        CacheEntry entry = copy.entry();
        Delivery.Delivered d = Delivery.decide(Reply.of(entry, Result.HIT), true, head, false,
                header(headers, "if-none-match"), header(headers, "if-modified-since"), settings.region(), now,
                exposeSurrogateKey);
        HttpServerResponse response = ctx.response().setStatusCode(d.status());
        MultiMap out = response.headers();
        List<String> fields = d.headers();
        for (int i = 0; i < fields.size(); i += 2) {
            out.add(fields.get(i), fields.get(i + 1));
        }
        if (d.body()) {
            response.end(copy.body());
        } else {
            response.end();
        }
        l1.recordHit();
        answered.increment();
        metrics.request(Result.HIT, System.nanoTime() - start);
    }

    /**
     * The canonical key, as {@code ClientRequest.receive} makes it (same query rules), or null when the target is
     * one the read path refuses (too long, malformed): that answer is the read path's to give.
     */
    private String key(String rawPath, String rawQuery) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (path.length() + (rawQuery == null ? 0 : rawQuery.length() + 1L) > rules.maxTargetBytes()) {
            return null;
        }
        try {
            return CacheKey.of(path, rawQuery, rules.queryRules());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Requests answered here so far. */
    public long answered() {
        return answered.sum();
    }

    /** No credentials, ranges, request directives or edge-to-edge fields: a request any HIT would answer. */
    private static boolean plain(MultiMap headers) {
        if (headers.contains("authorization") || headers.contains("range") || headers.contains("cache-control")
                || headers.contains("pragma")) {
            return false;
        }
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey();
            if (name.length() > EDGE_FIELDS.length() && name.regionMatches(true, 0, EDGE_FIELDS, 0,
                    EDGE_FIELDS.length())) {
                return false;
            }
        }
        return true;
    }

    /** All values of a field joined by ", " (as {@code ClientRequest#header}), or null. */
    private static String header(MultiMap headers, String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
    }
}
