package dev.edgesync.edge.rest;

import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.read.ReceiveRules;
import dev.edgesync.events.problem.Problem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first handler of every request, before any route reads a header or the body: a target longer than
 * {@code edgesync.limits.max-target-bytes} is 414, a malformed percent-encoding or a control character (raw or
 * encoded, e.g. {@code %00}) in the path or query is 400, a declared body above
 * {@code quarkus.http.limits.max-body-size} is 413 (a chunked one is cut by Quarkus at the same limit). All as
 * problems; nothing is forwarded. A request that declares {@code Transfer-Encoding} is answered and its connection
 * closed (see {@link #closeAfterTheAnswer}).
 */
@ApplicationScoped
public class RequestGate {
    private static final Logger LOG = Logger.getLogger(RequestGate.class);
    /** Before every other route (Quarkus' own filters included). */
    static final int ORDER = Integer.MIN_VALUE + 100;

    private final ReceiveRules rules;
    private final long maxBodyBytes;

    public RequestGate(ReceiveRules rules,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize max) {
        this.rules = rules;
        this.maxBodyBytes = max.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String target = request.uri();
        if (target != null && target.length() > rules.maxTargetBytes()) {
            refuse(rc, 414, "uri-too-long", "the request target has " + target.length()
                    + " bytes, more than the " + rules.maxTargetBytes() + " this edge accepts");
            return;
        }
        if (target != null) {
            try {
                CacheKey.decodeUnreserved(target);
            } catch (CacheKey.InvalidTargetException e) {
                refuse(rc, 400, "invalid-target", e.getMessage());
                return;
            }
        }
        if (request.version() != HttpVersion.HTTP_2 && request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            closeAfterTheAnswer(rc);
        }
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > maxBodyBytes) {
                rc.response().putHeader(HttpHeaderNames.CONNECTION, "close");
                refuse(rc, 413, "payload-too-large",
                        "the body has " + length + " bytes, more than the " + maxBodyBytes + " this edge accepts");
                return;
            }
        }
        rc.next();
    }

    /**
     * RFC 9112 section 6.1: after a request with both {@code Content-Length} and {@code Transfer-Encoding} the server
     * must close the connection. Netty's decoder drops the {@code Content-Length} before any route sees the request,
     * and neither Quarkus nor Vert.x offers a hook into a connection's pipeline before its first request is decoded
     * (Quarkus sets its own connection handler only for {@code quarkus.http.limits.max-connections}), so the two cannot
     * be told apart here: every request that declares {@code Transfer-Encoding} is answered (its body framed by the
     * chunked coding, as the RFC says) and then its connection is closed. A chunked upload costs its client a new
     * connection; nothing smuggled after it is ever read.
     */
    static void closeAfterTheAnswer(RoutingContext rc) {
        rc.response().putHeader(HttpHeaderNames.CONNECTION, "close");
        rc.addEndHandler(done -> rc.request().connection().close());
    }

    private static void refuse(RoutingContext rc, int status, String slug, String detail) {
        LOG.infof("Refused %s %s: %d %s", rc.request().method(), abbreviated(rc.request().uri()), status, detail);
        rc.response().setStatusCode(status).putHeader(HttpHeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .end(Problem.of(status, slug, detail).json());
    }

    private static String abbreviated(String target) {
        String t = target == null ? "" : target;
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
