package dev.edgesync.origin.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Closes the connection after answering a request that declares {@code Transfer-Encoding}. RFC 9112 section 6.1 wants
 * it closed after a request with both {@code Content-Length} and {@code Transfer-Encoding}; Netty's decoder drops the
 * {@code Content-Length} before any route sees the request and Vert.x offers no hook into the decoder, so every request
 * with {@code Transfer-Encoding} gets the same treatment (the edge's {@code RequestGate} does the same).
 */
@ApplicationScoped
public class ChunkedRequestClose {
    /** Before Quarkus' own body-size route (order -2) and {@link BodySizeLimit}, which may answer on their own. */
    private static final int FIRST = -10;

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(ctx -> {
            if (ctx.request().version() != HttpVersion.HTTP_2
                    && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                ctx.addEndHandler(done -> ctx.request().connection().close());
            }
            ctx.next();
        });
    }
}
