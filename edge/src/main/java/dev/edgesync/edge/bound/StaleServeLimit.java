package dev.edgesync.edge.bound;

/**
 * How long a lazy region may answer a copy an invalidation made stale: marked {@code STALE} while one background
 * revalidation runs, and never past {@code limitMs} after the invalidation was applied (the newer version was
 * due). After that a request waits for the collapsed revalidation instead. Pure code, time as a parameter.
 */
public final class StaleServeLimit {
    public enum Decision {
        /** answer the copy marked STALE; the background revalidation refreshes it */
        SERVE_STALE,
        /** too long stale: wait for the (collapsed) revalidation */
        WAIT
    }

    private StaleServeLimit() {
    }

    /**
     * @param staleSinceMs when the copy became stale (the invalidation's apply time), or
     *        {@link StaleClock#UNKNOWN} when it is stale by age only (RFC 9111 stale-while-revalidate, no limit here)
     */
    public static Decision decide(long staleSinceMs, long now, long limitMs) {
        if (staleSinceMs == StaleClock.UNKNOWN || now - staleSinceMs < limitMs) {
            return Decision.SERVE_STALE;
        }
        return Decision.WAIT;
    }
}
