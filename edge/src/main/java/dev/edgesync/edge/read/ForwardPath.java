package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import dev.edgesync.edge.invalidation.InvalidationStore;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * Methods other than GET and HEAD ({@code vcl_pass}): forwarded to the origin with their body and end-to-end
 * headers, answered as received ({@code X-Cache: BYPASS}). A 2xx/3xx answer to an unsafe method invalidates,
 * in this region, the target URI and the same-origin {@code Location} / {@code Content-Location} URIs
 * ({@link InvalidationTargets}) with the hard key generation bump every purge uses: all variants of those keys
 * stop being served at once, nothing is scanned. Sent through the origin client fills use: a {@code 103 Early Hints}
 * reaches the client before the final answer, as on a miss.
 */
@ApplicationScoped
public class ForwardPath {
    private static final Logger LOG = Logger.getLogger(ForwardPath.class);
    private static final List<String> SAFE = List.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final OriginFetcher origin;
    private final InvalidationStore invalidations;
    private final SettingsInForce settings;
    private final EdgeMetrics metrics;
    private final ReceiveRules rules;
    private final EarlyHintsRelay hints;
    private final CurrentVertxRequest vertxRequest;

    private final InstantSource clock;

    public ForwardPath(OriginFetcher origin, InvalidationStore invalidations, SettingsInForce settings,
            EdgeMetrics metrics, ReceiveRules rules, EarlyHintsRelay hints, CurrentVertxRequest vertxRequest,
            InstantSource clock) {
        this.clock = clock;
        this.hints = hints;
        this.vertxRequest = vertxRequest;
        this.rules = rules;
        this.origin = origin;
        this.invalidations = invalidations;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** {@link #forward(ClientRequest, HttpServerRequest)} for the HTTP request being served, if any. */
    public Reply forward(ClientRequest request) {
        return forward(request, servedRequest());
    }

    /**
     * {@code request} to the origin and its answer; a {@code 103} the origin sends first goes to {@code connection}
     * when not null ({@link EarlyHintsRelay}). Waits for the answer: not on an event loop.
     */
    public Reply forward(ClientRequest request, HttpServerRequest connection) {
        long start = System.nanoTime();
        Reply reply;
        if (connection != null) {
            hints.open(request, connection.response(), connection.version());
        }
        try {
            OriginResponse response = await(origin.forwardAsync(request,
                    ForwardedHeaders.toOrigin(request.headers(), false)));
            if (!SAFE.contains(request.method()) && response.status() >= 200 && response.status() < 400) {
                invalidate(canonical(InvalidationTargets.of(request.key(), request.header("host"), origin.baseUrl(),
                        response.header("location"), response.header("content-location"))));
            }
            reply = Reply.passThrough(response, Result.BYPASS);
        } catch (OriginException e) {
            reply = e.timeout()
                    ? Reply.problem(504, "origin-timeout", e.getMessage())
                    : Reply.problem(502, "origin-unavailable", e.getMessage());
        } finally {
            if (connection != null) {
                hints.close(request);
            }
        }
        metrics.request(reply.result(), System.nanoTime() - start);
        return reply;
    }

    private static OriginResponse await(Uni<OriginResponse> response) throws OriginException {
        try {
            return response.await().indefinitely();
        } catch (CompletionException e) {
            if (e.getCause() instanceof OriginException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The Vert.x request a JAX-RS resource method is serving; null outside one. */
    private HttpServerRequest servedRequest() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        RoutingContext current = vertxRequest.getCurrent();
        return current == null ? null : current.request();
    }

    /** {@code Location} / {@code Content-Location} targets keyed like requests (a malformed one as it is). */
    private List<String> canonical(List<String> keys) {
        List<String> out = new java.util.ArrayList<>();
        for (String key : keys) {
            int q = key.indexOf('?');
            try {
                out.add(q < 0 ? CacheKey.of(key, null, rules.queryRules())
                        : CacheKey.of(key.substring(0, q), key.substring(q + 1), rules.queryRules()));
            } catch (IllegalArgumentException e) {
                out.add(key);
            }
        }
        return out;
    }

    private void invalidate(List<String> keys) {
        InvalidationEvent event = InvalidationEvent.purge(UUID.randomUUID().toString(), keys, List.of(), List.of(),
                PurgeMode.HARD, Priority.HIGH, clock.millis());
        try {
            invalidations.apply(InvalidationPlan.of(event, settings.strategy()));
            LOG.debugf("Unsafe request invalidated %s", keys);
        } catch (StoreUnavailableException e) {
            LOG.warnf("Could not invalidate %s after an unsafe request: %s", keys, e.getMessage());
        }
    }
}
