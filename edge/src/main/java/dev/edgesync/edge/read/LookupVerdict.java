package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryValidity.Validity;
import dev.edgesync.edge.cache.ReusePolicy;
import dev.edgesync.edge.cache.ReusePolicy.Reuse;
import dev.edgesync.edge.read.ReadPath.Step;

/**
 * {@code vcl_hit} / {@code vcl_miss} as a pure decision: where a request goes after its lookup, from what the lookup
 * found, the request, the time and whether the staleness lease holds. No I/O; {@link ReadPath} runs the step chosen.
 */
public final class LookupVerdict {
    private LookupVerdict() {
    }

    /**
     * @param entry the copy found, null on a miss
     * @param validity its invalidation verdict (null on a miss)
     * @param leaseHolds the staleness lease holds at {@code now}: a fresh copy may be trusted unchecked
     * @return the read path's next step after the lookup: one of HIT, STALE, STALE_IF_ALLOWED, MISS, REVALIDATE,
     *         PASS, NOT_CACHED
     */
    public static Step decide(CacheEntry entry, Validity validity, ClientRequest request, long now,
            boolean leaseHolds) {
        CacheControl directives = request.directives();
        boolean onlyIfCached = directives.onlyIfCached();
        // a lower tier's X-EdgeSync-Min-Version above the stored copy: unusable, like a miss
        if (entry == null || validity == Validity.INVALID || entry.version() < request.minVersion()) {
            return onlyIfCached ? Step.NOT_CACHED : Step.MISS;
        }
        if (request.authorized() && !entry.directives().allowsAuthorized()) {
            // RFC 9111 §3.5: this copy was not stored for requests with credentials
            return onlyIfCached ? Step.NOT_CACHED : Step.PASS;
        }
        Reuse reuse = ReusePolicy.decide(validity, entry, directives, now, !request.lowerTier());
        // Staleness lease (issue 10): a replica whose region may have missed invalidations trusts no copy unchecked:
        // revalidate with the origin (a 304 keeps it; STALE only when the origin cannot be reached)
        if (reuse == Reuse.SERVE_FRESH && !leaseHolds) {
            return onlyIfCached ? Step.STALE : Step.REVALIDATE;
        }
        return switch (reuse) {
            case SERVE_FRESH -> Step.HIT;
            case SERVE_STALE -> onlyIfCached ? Step.STALE : Step.STALE_IF_ALLOWED;
            case VALIDATE -> onlyIfCached ? Step.NOT_CACHED : Step.REVALIDATE;
        };
    }
}
