package dev.edgesync.edge.cache;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Freshness lifetime and age of a response (RFC 9111 §4.2): {@code s-maxage}, else {@code max-age}, else
 * {@code Expires} minus {@code Date}, else, for heuristically cacheable statuses (or {@code public}), 10 % of the
 * time since {@code Last-Modified}. Every lifetime and window is capped by {@code edgesync.cache.max-ttl}.
 */
public final class FreshnessPolicy {

    /** RFC 9110 §15.1: statuses cacheable by default (heuristic freshness allowed). 206 is left out: no ranges. */
    public static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410,
            414, 501);

    /** Statuses whose caching rules this edge implements ({@code must-understand}). */
    public static final Set<Integer> UNDERSTOOD;

    static {
        Set<Integer> understood = new HashSet<>(HEURISTICALLY_CACHEABLE);
        understood.addAll(Set.of(302, 303, 307));
        UNDERSTOOD = Set.copyOf(understood);
    }

    /** Heuristic freshness: this fraction of the time since Last-Modified (RFC 9111 §4.2.2 suggests 10 %). */
    static final double HEURISTIC_FRACTION = 0.1;

    private FreshnessPolicy() {
    }

    /**
     * How long a stored response is fresh (from its generation, see {@link #initialAgeMs}), then servable stale
     * while one revalidation runs ({@code stale-while-revalidate}), or when the origin fails
     * ({@code stale-if-error}).
     */
    public record Lifetime(long ttlMs, long staleWhileRevalidateMs, long staleIfErrorMs, boolean heuristic) {
        public long freshUntil(long storedAt) {
            return storedAt + ttlMs;
        }

        public long staleUntil(long storedAt) {
            return storedAt + ttlMs + staleWhileRevalidateMs;
        }
    }

    /** The response states its own lifetime ({@code s-maxage}, {@code max-age} or {@code Expires}). */
    public static boolean explicit(CacheControl cc, Function<String, String> header) {
        return cc.sharedMaxAge().isPresent() || header.apply("expires") != null;
    }

    /**
     * The freshness lifetime of a response received at {@code responseTime}, or empty when it has none (no explicit
     * lifetime and heuristics are not allowed for it).
     *
     * @param header response header by lower-case name (values joined), null when absent
     */
    public static Optional<Lifetime> lifetime(int status, CacheControl cc, Function<String, String> header,
            long responseTime, Duration maxTtl) {
        long cap = maxTtl.toMillis();
        long date = HttpDate.parse(header.apply("date")).orElse(responseTime);
        long ttl;
        boolean heuristic = false;
        if (cc.sharedMaxAge().isPresent()) {
            ttl = seconds(cc.sharedMaxAge().getAsLong());
        } else if (header.apply("expires") != null) {
            OptionalLong expires = HttpDate.parse(header.apply("expires"));
            ttl = expires.isPresent() ? Math.max(0, expires.getAsLong() - date) : 0; // invalid Expires: already expired
        } else if (HEURISTICALLY_CACHEABLE.contains(status) || cc.isPublic()) {
            heuristic = true;
            OptionalLong lastModified = HttpDate.parse(header.apply("last-modified"));
            ttl = lastModified.isPresent() && lastModified.getAsLong() < date
                    ? (long) ((date - lastModified.getAsLong()) * HEURISTIC_FRACTION)
                    : 0;
        } else {
            return Optional.empty();
        }
        ttl = Math.min(ttl, cap);
        boolean neverStale = cc.noCacheUnqualified() || cc.revalidateWhenStale()
                || StoragePolicy.ORIGIN_ERRORS.contains(status);
        if (cc.noCacheUnqualified()) {
            ttl = 0;
        }
        long swr = neverStale ? 0 : Math.min(seconds(cc.staleWhileRevalidate().orElse(0)), cap);
        long sie = neverStale ? 0 : Math.min(seconds(cc.staleIfError().orElse(0)), cap);
        return Optional.of(new Lifetime(ttl, swr, sie, heuristic));
    }

    /**
     * The age of a response when it was received (RFC 9111 §4.2.3 {@code corrected_initial_age}): the larger of
     * its apparent age ({@code response_time - Date}) and the upstream {@code Age} plus the response delay.
     */
    public static long initialAgeMs(String ageHeader, String dateHeader, long requestTime, long responseTime) {
        OptionalLong date = HttpDate.parse(dateHeader);
        long apparentAge = date.isPresent() ? Math.max(0, responseTime - date.getAsLong()) : 0;
        long responseDelay = Math.max(0, responseTime - requestTime);
        long correctedAgeValue = seconds(ageSeconds(ageHeader)) + responseDelay;
        return Math.max(apparentAge, correctedAgeValue);
    }

    /** An {@code Age} value: a non-negative integer (the first, if several); anything else is 0. */
    static long ageSeconds(String ageHeader) {
        if (ageHeader == null) {
            return 0;
        }
        String first = ageHeader.split(",")[0].trim();
        if (first.isEmpty() || !first.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        try {
            return Long.parseLong(first);
        } catch (NumberFormatException tooLarge) {
            return Integer.MAX_VALUE;
        }
    }

    private static long seconds(long s) {
        return s > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : s * 1000;
    }
}
