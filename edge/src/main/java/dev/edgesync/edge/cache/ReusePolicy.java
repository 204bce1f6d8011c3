package dev.edgesync.edge.cache;

import dev.edgesync.edge.cache.EntryValidity.Validity;

/**
 * May a stored response answer this request (RFC 9111 §4.2.4, §5.2.1, RFC 5861)? Refines the invalidation
 * verdict of {@link EntryValidity} with the response's and the request's directives.
 *
 * <p>Choices: explicit {@code must-revalidate} / {@code proxy-revalidate} (and unqualified {@code no-cache}) forbid
 * every stale use ({@code stale-while-revalidate}, {@code stale-if-error}, {@code max-stale}); the
 * {@code proxy-revalidate} implied by {@code s-maxage} (RFC 9111 §5.2.2.10) forbids every stale use this edge or the
 * client would choose (the client's {@code max-stale} and {@code stale-if-error}, the edge's
 * {@code stale-if-unreachable} window), while {@code stale-while-revalidate} / {@code stale-if-error} in the same
 * response stay allowed: they are the origin's explicit permission. A copy still fresh in HTTP terms is never
 * "stale" whatever its directives: it answers when the origin cannot be reached. A soft invalidation (lazy region) keeps its STALE-then-revalidate behaviour: the entry is still
 * fresh in HTTP terms. {@code immutable}: a fresh entry is not revalidated for a request {@code max-age=0}
 * (a browser reload); request {@code no-cache} still revalidates.
 */
public final class ReusePolicy {

    /**
     * This policy's answer for one request: {@link Validity} judged the entry alone, this adds the directives;
     * {@code ReadPath.Step} is what the request does next, {@code EdgeMetrics.Result} what it got.
     */
    public enum Reuse {
        /** Serve as HIT. */
        SERVE_FRESH,
        /** Serve as STALE and revalidate in the background. */
        SERVE_STALE,
        /** Validate with the origin before answering (conditionally when there is a validator). */
        VALIDATE
    }

    private ReusePolicy() {
    }

    /** @param validity the entry's invalidation verdict; INVALID entries are never reused (callers treat as miss) */
    public static Reuse decide(Validity validity, CacheEntry entry, CacheControl request, long now) {
        return decide(validity, entry, request, now, true);
    }

    /**
     * @param honourImmutable false for a lower-tier edge's request: its {@code max-age} stands for invalidations it
     *        applied, which {@code immutable} does not exempt from
     */
    public static Reuse decide(Validity validity, CacheEntry entry, CacheControl request, long now,
            boolean honourImmutable) {
        if (validity == Validity.INVALID) {
            return Reuse.VALIDATE;
        }
        CacheControl response = entry.directives();
        if (response.noCacheUnqualified() || request.noCache()) {
            return Reuse.VALIDATE;
        }
        boolean httpFresh = now < entry.freshUntil();
        long ageMs = entry.currentAgeMs(now);
        if (request.maxAge().isPresent()) {
            long maxAgeMs = seconds(request.maxAge().getAsLong());
            boolean tooOld = maxAgeMs == 0 || ageMs > maxAgeMs;
            if (tooOld && !(honourImmutable && response.immutable() && httpFresh && validity == Validity.FRESH)) {
                return Reuse.VALIDATE;
            }
        }
        if (request.minFresh().isPresent() && entry.freshUntil() - now < seconds(request.minFresh().getAsLong())) {
            return Reuse.VALIDATE;
        }
        return switch (validity) {
            case FRESH -> Reuse.SERVE_FRESH;
            case STALE -> !httpFresh && response.revalidateWhenStale() ? Reuse.VALIDATE : Reuse.SERVE_STALE;
            default -> maxStaleAllows(entry, response, request, now) ? Reuse.SERVE_STALE : Reuse.VALIDATE;
        };
    }

    /** The client's {@code max-stale} allows serving this expired entry. */
    static boolean maxStaleAllows(CacheEntry entry, CacheControl response, CacheControl request, long now) {
        if (request.maxStale().isEmpty() || forbidsStale(response) || isError(entry)) {
            return false;
        }
        return now - entry.freshUntil() <= seconds(request.maxStale().getAsLong());
    }

    /**
     * The origin failed (5xx, timeout, refused connection) while validating: may this copy answer instead
     * ({@code stale-if-error} of the response or of the request, RFC 5861 §4)?
     */
    public static boolean staleIfError(CacheEntry entry, CacheControl request, long now) {
        CacheControl response = entry.directives();
        if (response.noCacheUnqualified() || response.revalidateWhenStale() || isError(entry)) {
            return false;
        }
        long staleness = now - entry.freshUntil();
        return (response.staleIfError().isPresent() && staleness <= seconds(response.staleIfError().getAsLong()))
                || (request.staleIfError().isPresent() && response.sMaxAge().isEmpty()
                        && staleness <= seconds(request.staleIfError().getAsLong()));
    }

    /**
     * The origin could not be reached at all (refused connection, timeout): may this copy answer? A
     * disconnected cache may serve stale (RFC 9111 4.2.4) unless the response demands revalidation; the
     * edge allows it for {@code windowMs} past freshness, or longer where {@code stale-if-error} says so.
     */
    public static boolean staleWhenUnreachable(CacheEntry entry, CacheControl request, long now, long windowMs) {
        if (now < entry.freshUntil()) {
            return true;
        }
        CacheControl response = entry.directives();
        if (isError(entry)) {
            return false;
        }
        if (forbidsStale(response)) {
            return staleIfError(entry, request, now); // only the response's own stale-if-error, see staleIfError
        }
        return now - entry.freshUntil() <= windowMs || staleIfError(entry, request, now);
    }

    /**
     * RFC 9111 §4.2.4: the response forbids a stale use it did not grant itself: {@code no-cache},
     * {@code must-revalidate}, {@code proxy-revalidate}, or {@code s-maxage} (which implies {@code proxy-revalidate}).
     */
    static boolean forbidsStale(CacheControl response) {
        return response.noCacheUnqualified() || response.revalidateWhenStale() || response.sMaxAge().isPresent();
    }

    /** A stored origin failure (5xx with explicit freshness) is reused while fresh, never once stale. */
    private static boolean isError(CacheEntry entry) {
        return StoragePolicy.ORIGIN_ERRORS.contains(entry.status());
    }

    private static long seconds(long s) {
        return s > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : s * 1000;
    }
}
