package dev.edgesync.edge.rest;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.read.ClientRequest;
import dev.edgesync.edge.read.Delivery;
import dev.edgesync.edge.read.ForwardPath;
import dev.edgesync.edge.read.ReceiveRules;
import dev.edgesync.edge.read.Reply;
import dev.edgesync.events.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Methods the proxy resource does not declare (for example {@code M-SEARCH}, {@code PROPFIND}) are forwarded to the
 * origin like any other non-cacheable method ({@link ForwardPath}): RFC 9110 §9.1 leaves unknown methods to the
 * origin, and RFC 9111 §4.4 counts them as unsafe, so a 2xx/3xx answer invalidates the target here. JAX-RS would
 * answer them {@code 405}, so this route takes them before RESTEasy does.
 */
@ApplicationScoped
public class UnknownMethodRoute {
    /** After {@link RequestGate}, before the RESTEasy Reactive route. */
    static final int ORDER = 1000;
    /**
     * The methods {@link ProxyResource} handles, and two a reverse proxy keeps to itself: CONNECT (no tunnels) and
     * TRACE (it would echo the edge's internal request fields).
     */
    private static final Set<String> DECLARED = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "CONNECT", "TRACE");
    private static final Set<String> EDGE_OWN = Set.of("q", "metrics", "admin");

    private final ForwardPath forwardPath;
    private final ReceiveRules rules;
    private final SettingsInForce settings;
    private final boolean exposeSurrogateKey;
    private final BodyHandler body;

    private final InstantSource clock;

    public UnknownMethodRoute(ForwardPath forwardPath, ReceiveRules rules, SettingsInForce settings,
            EdgeConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max,
            InstantSource clock) {
        this.clock = clock;
        this.forwardPath = forwardPath;
        this.rules = rules;
        this.settings = settings;
        this.exposeSurrogateKey = config.cache().exposeSurrogateKey();
        this.body = BodyHandler.create(false).setBodyLimit(max.asLongValue());
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(rc -> {
            if (forwarded(rc.request())) {
                body.handle(rc);
            } else {
                rc.next();
            }
        }).handler(rc -> {
            if (forwarded(rc.request())) {
                forward(rc);
            } else {
                rc.next();
            }
        });
    }

    static boolean forwarded(HttpServerRequest request) {
        if (DECLARED.contains(request.method().name())) {
            return false;
        }
        String path = request.path() == null ? "/" : request.path();
        String first = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
        return !EDGE_OWN.contains(first);
    }

    private void forward(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.headers().names()) {
            headers.put(name, new ArrayList<>(request.headers().getAll(name)));
        }
        Buffer content = rc.body() == null ? null : rc.body().buffer();
        byte[] bytes = content == null ? new byte[0] : content.getBytes();
        String uri = request.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? null : uri.substring(q + 1);
        ClientRequest forwarded;
        try {
            forwarded = ClientRequest.receive(request.method().name(), rawPath, rawQuery, headers, bytes, rules);
        } catch (ClientRequest.TargetTooLongException e) {
            problem(rc, 414, "uri-too-long", e.getMessage());
            return;
        } catch (CacheKey.InvalidTargetException e) {
            problem(rc, 400, "invalid-target", e.getMessage());
            return;
        }
        rc.vertx().<Reply>executeBlocking(() -> forwardPath.forward(forwarded, request), false).onComplete(done -> {
            if (done.failed()) {
                rc.fail(done.cause());
                return;
            }
            Reply reply = done.result();
            Delivery.Delivered d = Delivery.decide(reply, false, false, forwarded.lowerTier(), null, null,
                    settings.region(), clock.millis(), exposeSurrogateKey);
            HttpServerResponse response = rc.response().setStatusCode(d.status());
            List<String> h = d.headers();
            for (int i = 0; i < h.size(); i += 2) {
                response.headers().add(h.get(i), h.get(i + 1));
            }
            response.end(Buffer.buffer(d.body() ? reply.body() : new byte[0]));
        });
    }

    private static void problem(RoutingContext rc, int status, String slug, String detail) {
        rc.response().setStatusCode(status).putHeader("Content-Type", Problems.MEDIA_TYPE)
                .end(Problem.of(status, slug, detail).json());
    }
}
