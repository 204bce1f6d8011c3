package dev.edgesync.edge.hit;

import dev.edgesync.edge.cache.L1Copy;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.RegionCoherence;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.invalidation.LeaseHeader;
import dev.edgesync.edge.invalidation.StalenessLease;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.read.Delivery;
import dev.edgesync.edge.read.EarlyHintsRelay;
import dev.edgesync.edge.read.ReadRoute;
import dev.edgesync.edge.read.ReceiveRules;
import io.quarkus.arc.ClientProxy;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The hit path on the event loop: a GET or HEAD answered from the in-process L1 with no Redis round trip and no
 * worker thread, the body written from the copy's shared buffer. It answers only what the read path would answer
 * as a plain HIT from the same copy: L1 current ({@link RegionCoherence#current}), the request's copy (key and
 * Vary variant) in L1, fresh by {@link ReusePolicy} now, and a request without credentials, {@code Range},
 * request directives or edge-to-edge ({@code X-EdgeSync-*}) fields. Everything else goes on ({@code next()}) to
 * the read path unchanged. Headers are decided by the same {@link Delivery#answer} as there, once per copy
 * ({@link HitAnswer}); per request only the copy's freshness, the client's conditionals, {@code Age} and (when the
 * edge adds it) {@code Date} are worked out. A plain request that misses L1 while the key's first plain request is in
 * the read path waits for it ({@link WaitingList}) and is then answered here from the copy that fill left in L1.
 */
@ApplicationScoped
public class HitRoute {
    private static final String EDGE_FIELDS = "x-edgesync-";
    private static final CharSequence LEASE = io.vertx.core.http.HttpHeaders.createOptimized(LeaseHeader.NAME);

    private final L1Cache l1;
    private final RegionCoherence coherence;
    private final EdgeMetrics metrics;
    private final SettingsInForce settings;
    private final boolean exposeSurrogateKey;
    private final ReceiveRules rules;
    private final L1Renewal renewal;
    private final EarlyHintsRelay hints;
    private final WaitingList waitingList;

    private final InstantSource clock;

    public HitRoute(L1Cache l1, RegionCoherence coherence, EdgeMetrics metrics, SettingsInForce settings,
            EdgeConfig config, ReceiveRules rules, L1Renewal renewal, EarlyHintsRelay hints, InstantSource clock) {
        this.clock = clock;
        this.waitingList = new WaitingList(ctx -> handle(ctx, true), clock);
        this.renewal = ClientProxy.unwrap(renewal);
        this.hints = ClientProxy.unwrap(hints);
        // the beans themselves, not their client proxies: a proxy looks its bean up in the context on every call
        this.rules = ClientProxy.unwrap(rules);
        this.l1 = ClientProxy.unwrap(l1);
        this.coherence = ClientProxy.unwrap(coherence);
        this.metrics = ClientProxy.unwrap(metrics);
        this.settings = ClientProxy.unwrap(settings);
        this.exposeSurrogateKey = config.cache().exposeSurrogateKey();
    }

    void install(@Observes Router router) {
        // before RESTEasy Reactive, which serves everything else (ROUTE_ORDER_DEFAULT and later)
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        handle(ctx, false);
    }

    /** @param resumed {@code ctx} waited in the {@link WaitingList} and is looked at again, once */
    private void handle(RoutingContext ctx, boolean resumed) {
        if (resumed && ctx.response().closed()) {
            return; // its client went away while it waited
        }
        long start = System.nanoTime();
        HttpServerRequest request = ctx.request();
        HttpMethod method = request.method();
        boolean head = method == HttpMethod.HEAD;
        MultiMap headers = request.headers();
        if ((!head && method != HttpMethod.GET) || !l1.enabled() || !plain(headers)) {
            ctx.next();
            return;
        }
        // the request's time, read once: coherence, freshness and the response's Date/Age all use it
        long now = clock.millis();
        boolean current = current(ctx.response(), now);
        if (!current && !resumed) {
            ctx.next();
            return;
        }
        String key = key(request.path(), request.query());
        if (key == null) {
            ctx.next();
            return;
        }
        L1Copy copy = l1.find(key, name -> header(headers, name));
        HitAnswer answer = copy == null ? null
                : copy.prepared(c -> HitAnswer.of(c.entry(), settings.region(), exposeSurrogateKey));
        // L1 not current: a waiter still takes a copy stored since it began to wait, as it would have taken the reply
        // of the request it waited for in the read path (RegionFill's rule for another fill's copy, too)
        if (answer == null || !answer.fresh(now)
                || (!current && copy.entry().storedAt() < WaitingList.waitedSince(ctx))) {
            // the read path's: the first plain request of the key goes on, later ones wait for it (WaitingList)
            if (resumed || !proxied(key) || !waitingList.waitOrLead(key, ctx)) {
                ctx.next();
            } else { // waits: the 103s of the fill it waits for reach it too
                hints.follow(key, ctx.response(), request.version());
                ctx.addEndHandler(done -> hints.unfollow(key, ctx.response()));
            }
            return;
        }
        HitAnswer.Fields fields = answer.answer(header(headers, "if-none-match"), header(headers, "if-modified-since"));
        HttpServerResponse response = ctx.response().setStatusCode(fields.status());
        fields.writeTo(response.headers(), answer.age(now), now);
        l1.recordHit();
        metrics.eventLoopHit();
        if (resumed) {
            metrics.collapsed(); // served by the fill of the request it waited for
        }
        Buffer body = copy.body();
        if (fields.status() != 304 && !head && body.length() > 0) {
            response.end(body);
        } else {
            response.end();
        }
        renewal.answered(key, copy, now);
        metrics.latency(System.nanoTime() - start);
    }

    /**
     * May L1 answer alone ({@link RegionCoherence#current})? The staleness lease part is taken from the
     * {@code X-EdgeSync-Lease} that {@link LeaseHeader} evaluated for this same request when it set one: the lease is
     * evaluated once, and the header and this answer always agree.
     */
    private boolean current(HttpServerResponse response, long now) {
        String lease = response.headers().get(LEASE);
        return lease == null ? coherence.current(now)
                : coherence.currentFeed() && StalenessLease.State.HELD.label().equals(lease);
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

    /** Not one of the edge's own endpoints ({@code /q/*}, {@code /metrics/*}, {@code /admin/*}): those never wait. */
    private static boolean proxied(String key) {
        return !ReadRoute.reserved(key);
    }

    /** Requests answered here so far (the {@code edgesync.event.loop.hits} meter). */
    public long answered() {
        return metrics.eventLoopHits();
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
