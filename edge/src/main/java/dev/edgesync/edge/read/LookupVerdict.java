package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.ReusePolicy.Reuse;

/**
 * {@code vcl_hit} / {@code vcl_miss} as a pure decision: where a request goes after its lookup, from what the lookup
 * found, the request, the time and whether the staleness lease holds. No I/O; {@link ReadPath} runs the step chosen.
 */
public final class LookupVerdict {
    /** The read path's next step after the lookup. */
    public enum Next {
        /** fresh: deliver the copy */
        HIT,
        /** stale and allowed (or {@code only-if-cached}): deliver the copy, one background revalidation */
        STALE,
        /** stale: deliver it if the stale-serving limit allows ({@code bound/StaleServing}), else {@link #REVALIDATE} */
        STALE_IF_ALLOWED,
        /** no usable copy: fill it, collapsed in the region */
        MISS,
        /** a copy that must be validated with the origin first (a conditional fill, collapsed) */
        REVALIDATE,
        /** a copy not stored for requests with credentials: fetch for this request alone */
        PASS,
        /** {@code only-if-cached} and nothing that may answer: 504 */
        NOT_CACHED
    }

    private LookupVerdict() {
    }

    /**
     * @param entry the copy found, null on a miss
     * @param validity its invalidation verdict (null on a miss)
     * @param leaseHolds the staleness lease holds at {@code now}: a fresh copy may be trusted unchecked
     */
    public static Next decide(CacheEntry entry, Validity validity, ClientRequest request, long now,
            boolean leaseHolds) {
        CacheControl directives = request.directives();
        boolean onlyIfCached = directives.onlyIfCached();
        // a lower tier's X-EdgeSync-Min-Version above the stored copy: unusable, like a miss
        if (entry == null || validity == Validity.INVALID || entry.version() < request.minVersion()) {
            return onlyIfCached ? Next.NOT_CACHED : Next.MISS;
        }
        if (request.authorized() && !entry.directives().allowsAuthorized()) {
            // RFC 9111 §3.5: this copy was not stored for requests with credentials
            return onlyIfCached ? Next.NOT_CACHED : Next.PASS;
        }
        Reuse reuse = ReusePolicy.decide(validity, entry, directives, now, !request.lowerTier());
        // Staleness lease (issue 10): a replica whose region may have missed invalidations trusts no copy unchecked:
        // revalidate with the origin (a 304 keeps it; STALE only when the origin cannot be reached)
        if (reuse == Reuse.FRESH && !leaseHolds) {
            return onlyIfCached ? Next.STALE : Next.REVALIDATE;
        }
        return switch (reuse) {
            case FRESH -> Next.HIT;
            case STALE -> onlyIfCached ? Next.STALE : Next.STALE_IF_ALLOWED;
            case VALIDATE -> onlyIfCached ? Next.NOT_CACHED : Next.REVALIDATE;
        };
    }
}
