package dev.edgesync.origin.rest;

import dev.edgesync.events.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over {@code quarkus.http.limits.max-body-size} with a problem document.
 * Quarkus enforces the same limit in a route of order -2 that answers with an empty 413; this one
 * runs just before it. Bodies without a Content-Length are still cut off by Quarkus while reading.
 */
@ApplicationScoped
public class BodySizeLimit {
    private static final int BEFORE_QUARKUS_LIMIT = -3;

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        if (limit.isEmpty()) {
            return;
        }
        long max = limit.get().asLongValue();
        router.route().order(BEFORE_QUARKUS_LIMIT).handler(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared == null || !tooLarge(declared, max)) {
                ctx.next();
                return;
            }
            String body = Problem.of(413, "payload-too-large", "the request body exceeds " + max + " bytes")
                    .at(ctx.request().path()).json();
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
        });
    }

    private static boolean tooLarge(String declared, long max) {
        try {
            return Long.parseLong(declared.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
