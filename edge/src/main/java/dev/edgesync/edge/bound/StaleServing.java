package dev.edgesync.edge.bound;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import dev.edgesync.events.InvalidationEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The time cap on a lazy region's {@code STALE} answers (issue 10, {@code slow-origin}): a copy an invalidation
 * made stale is answered marked STALE for at most {@code edgesync.cache.stale-serve-limit} after the invalidation
 * was applied ({@link StaleServeLimit}); after that the read path waits for the revalidation. The apply times come
 * from this replica's applier ({@link #applied}); {@link StaleClock} says how the rest is estimated.
 */
@ApplicationScoped
public class StaleServing {
    private final StaleClock clock;
    private final long limitMs;

    public StaleServing(
            @ConfigProperty(name = "edgesync.cache.stale-serve-limit", defaultValue = "1500ms") Duration limit,
            @ConfigProperty(name = "edgesync.cache.stale-clock.max-keys", defaultValue = "100000") int maxKeys) {
        this.clock = new StaleClock(maxKeys);
        this.limitMs = limit.toMillis();
    }

    /**
     * An invalidation was applied to the region's Redis with {@code plan}; copies it reached count as stale since
     * {@code dueAt} (its due time, or its apply time if earlier: an invalidation held back while Redis was away
     * does not restart the clock).
     */
    public void applied(InvalidationEvent event, InvalidationPlan plan, long dueAt) {
        if (plan.removes()) {
            return; // removed copies are never answered STALE
        }
        synchronized (clock) {
            if (event.version() > 0) {
                event.keys().forEach(key -> clock.versionApplied(key, event.version(), dueAt));
            }
            for (String generation : plan.generationKeys()) {
                if (generation.startsWith("g:s:")) {
                    clock.tokenApplied(generation.substring(4), dueAt);
                }
            }
        }
    }

    /** Whether {@code entry}, judged STALE at {@code now}, may still be answered STALE. */
    public boolean allows(CacheEntry entry, long now) {
        long since;
        synchronized (clock) {
            since = clock.staleSince(entry.key(), entry.storageKey(), entry.version(), entry.storedAt(),
                    entry.freshUntil(), entry.tokens(), now);
        }
        return StaleServeLimit.decide(since, now, limitMs) == StaleServeLimit.Decision.SERVE_STALE;
    }
}
