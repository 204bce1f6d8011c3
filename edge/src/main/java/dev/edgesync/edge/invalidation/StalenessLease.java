package dev.edgesync.edge.invalidation;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this replica may trust its copies at {@code nowMs}: its region has applied the invalidation stream up to
 * a moment no further back than the region's delay plus the lease. When it does not hold, a copy is revalidated
 * with the origin before it is answered. (Skeleton: the heartbeat tracking that fills it in comes with issue 10.)
 */
@ApplicationScoped
public class StalenessLease {

    /** True when copies may be answered without revalidation at {@code nowMs}. */
    public boolean holds(long nowMs) {
        return true;
    }
}
