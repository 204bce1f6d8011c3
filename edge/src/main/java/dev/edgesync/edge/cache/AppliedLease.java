package dev.edgesync.edge.cache;

/**
 * Whether the region's applied invalidations are known to be current at a moment, so that a copy may be answered
 * without revalidation (the invalidation stream's staleness lease implements it). Lets the cache ask without
 * depending on the invalidation package.
 */
public interface AppliedLease {

    /** True when copies may be answered without revalidation at {@code nowMs}. */
    boolean holds(long nowMs);
}
