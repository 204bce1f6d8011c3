package dev.edgesync.origin.rest;

import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.limits.RateLimit;
import io.github.bucket4j.TimeMeter;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Per-token rate limits of purges ({@code POST /api/purge}) and content writes (POST, PUT, DELETE
 * {@code /api/content}): {@code 429} problem+json with {@code Retry-After}. Runs after the token check, so a request
 * without a valid token never uses up the token's allowance.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {
    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);

    private final Instance<OriginConfig> config;
    private volatile RateLimit purges;
    private volatile RateLimit writes;

    public RateLimitFilter(Instance<OriginConfig> config) {
        this.config = config; // read at the first request: providers are created before configuration mappings
    }

    private void init() {
        if (purges == null) {
            OriginConfig.Limits limits = config.get().limits();
            writes = new RateLimit(limits.writesPerSecond(), limits.writeBurst(), TimeMeter.SYSTEM_NANOTIME);
            purges = new RateLimit(limits.purgesPerSecond(), limits.purgeBurst(), TimeMeter.SYSTEM_NANOTIME);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        init();
        String path = request.getUriInfo().getPath();
        String method = request.getMethod();
        RateLimit limit;
        String what;
        if ("POST".equals(method) && (path.equals("/api/purge") || path.equals("/api/purge/"))) {
            limit = purges;
            what = "purges";
        } else if (path.startsWith("/api/content") && !"GET".equals(method) && !"HEAD".equals(method)
                && !"OPTIONS".equals(method)) {
            limit = writes;
            what = "content writes";
        } else {
            return;
        }
        String token = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        RateLimit.Verdict verdict = limit.take(what + ":" + (token == null ? "" : token));
        if (!verdict.allowed()) {
            LOG.debugf("rate limit: %s %s refused, retry after %d s", method, path, verdict.retryAfterSeconds());
            request.abortWith(Problems.response(429, "rate-limited",
                    "more than " + limit.perSecond() + " " + what + " per second with this token; retry after "
                            + verdict.retryAfterSeconds() + " s", request.getUriInfo().getRequestUri().getRawPath())
                    .header("Retry-After", verdict.retryAfterSeconds())
                    .build());
        }
    }
}
