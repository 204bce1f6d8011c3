package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.SettingsInForce;
import io.quarkus.arc.ClientProxy;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * GET and HEAD that the event-loop hit path ({@code hit/HitRoute}) did not answer: the read path ({@link ReadPath})
 * on the same Vert.x router, with no worker thread and no JAX-RS in between. Redis, the origin and other fills
 * answer through {@code Uni}s; the reply is written on the request's event loop. The edge's own {@code /q/*},
 * {@code /metrics/*} and {@code /admin/*}, and the requests the receive stage refuses, go on to RESTEasy
 * ({@code rest/ProxyResource}) as before.
 */
@ApplicationScoped
public class ReadRoute {
    private static final Logger LOG = Logger.getLogger(ReadRoute.class);
    private static final Set<String> RESERVED = Set.of("q", "metrics", "admin");

    private final ReadPath readPath;
    private final SettingsInForce settings;
    private final ReceiveRules rules;
    private final EarlyHintsRelay hints;
    private final PartialStore partials;
    private final boolean exposeSurrogateKey;

    private final InstantSource clock;

    public ReadRoute(ReadPath readPath, SettingsInForce settings, EdgeConfig config, ReceiveRules rules,
            EarlyHintsRelay hints, PartialStore partials, InstantSource clock) {
        this.clock = clock;
        // the beans themselves, not their client proxies: a proxy looks its bean up in the context on every call
        this.readPath = ClientProxy.unwrap(readPath);
        this.settings = ClientProxy.unwrap(settings);
        this.rules = ClientProxy.unwrap(rules);
        this.hints = ClientProxy.unwrap(hints);
        this.partials = ClientProxy.unwrap(partials);
        this.exposeSurrogateKey = config.cache().exposeSurrogateKey();
    }

    void install(@Observes Router router) {
        // after the hit route (ROUTE_ORDER_BEFORE_DEFAULT), before RESTEasy Reactive
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest connection = ctx.request();
        HttpMethod method = connection.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        String rawPath = connection.path() == null || connection.path().isEmpty() ? "/" : connection.path();
        if (reserved(rawPath)) {
            ctx.next();
            return;
        }
        ClientRequest request;
        try {
            request = ClientRequest.receive(method.name(), rawPath, connection.query(), headers(connection.headers()),
                    null, rules);
        } catch (ClientRequest.TargetTooLongException | CacheKey.InvalidTargetException e) {
            ctx.next(); // refused as a problem by ProxyResource, as before
            return;
        }
        HttpServerResponse response = ctx.response();
        hints.open(request, response, connection.version()); // a fill's 103 goes to this client first
        Context context = Vertx.currentContext();
        Thread loop = Thread.currentThread();
        partials.serveOr(request, readPath::serveAsync).subscribe().with(reply -> {
            hints.close(request);
            if (Thread.currentThread() == loop) { // answered on this request's event loop: write at once
                deliver(request, reply, response);
            } else {
                context.runOnContext(x -> deliver(request, reply, response));
            }
        }, failure -> {
            hints.close(request);
            LOG.errorf(failure, "Serving %s failed", request.key());
            Reply problem = Reply.problem(500, "edge-error", "the edge failed: " + failure);
            context.runOnContext(x -> deliver(request, problem, response));
        });
    }

    /** The deliver stage ({@link Delivery}) written to the client. */
    private void deliver(ClientRequest request, Reply reply, HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        Delivery.Delivered d = Delivery.delivered(request, reply, settings.region(), clock.millis(),
                exposeSurrogateKey);
        response.setStatusCode(d.status());
        MultiMap out = response.headers();
        List<String> fields = d.headers();
        for (int i = 0; i < fields.size(); i += 2) {
            out.add(fields.get(i), fields.get(i + 1));
        }
        if (d.body()) {
            response.end(Buffer.buffer(d.content() != null ? d.content() : reply.body()));
        } else {
            response.end();
        }
    }

    /** The edge's own endpoints ({@code /q/*}, {@code /metrics/*}, {@code /admin/*}): never proxied or cached. */
    public static boolean reserved(String path) {
        if (path.length() < 2) {
            return false;
        }
        int end = 1;
        while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != '?') {
            end++;
        }
        return RESERVED.contains(path.substring(1, end));
    }

    private static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> out = new HashMap<>();
        for (String name : headers.names()) {
            out.put(name, headers.getAll(name));
        }
        return out;
    }
}
