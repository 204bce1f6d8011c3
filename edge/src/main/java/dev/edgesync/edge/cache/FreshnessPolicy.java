package dev.edgesync.edge.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an origin response may be stored and for how long: the TTL is {@code s-maxage}, else
 * {@code max-age}, capped by the configured maximum; the stale window is {@code stale-while-revalidate}.
 * Responses without an explicit lifetime, marked {@code no-store} or {@code private}, or with a status outside
 * {@link #CACHEABLE_STATUSES} pass through uncached.
 */
public final class FreshnessPolicy {

    /** Statuses this edge stores (a subset of RFC 9110's heuristically cacheable ones). */
    public static final Set<Integer> CACHEABLE_STATUSES = Set.of(200, 203, 204, 300, 301, 404, 410);

    private FreshnessPolicy() {
    }

    /** How long a stored response is fresh, then servable stale while one revalidation runs. */
    public record Lifetime(long ttlMs, long staleWhileRevalidateMs) {
        public long freshUntil(long storedAt) {
            return storedAt + ttlMs;
        }

        public long staleUntil(long storedAt) {
            return storedAt + ttlMs + staleWhileRevalidateMs;
        }
    }

    /** The lifetime of a storable response, or empty when it must pass through uncached. */
    public static Optional<Lifetime> lifetime(int status, CacheControl cc, Duration maxTtl) {
        if (!CACHEABLE_STATUSES.contains(status) || cc.noStore() || cc.isPrivate()) {
            return Optional.empty();
        }
        if (cc.sharedMaxAge().isEmpty()) {
            return Optional.empty();
        }
        long cap = maxTtl.toMillis();
        long ttl = cc.noCache() ? 0 : Math.min(seconds(cc.sharedMaxAge().getAsLong()), cap);
        long swr = Math.min(seconds(cc.staleWhileRevalidate().orElse(0)), cap);
        return Optional.of(new Lifetime(ttl, swr));
    }

    private static long seconds(long s) {
        return s > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : s * 1000;
    }
}
