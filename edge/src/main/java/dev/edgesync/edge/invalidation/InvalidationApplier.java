package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.bound.StaleServing;
import dev.edgesync.edge.cache.CacheStore;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.events.InvalidationEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Applies one event to the region's Redis with the strategy in force: a single Lua script (see
 * {@link CacheStore#apply}), so the writes of one event land together. Idempotent and order-safe: generations
 * only grow and minimum versions only rise, so a duplicate or an older event never brings back older content.
 */
@ApplicationScoped
public class InvalidationApplier {
    private static final Logger LOG = Logger.getLogger(InvalidationApplier.class);

    private final CacheStore store;
    private final SettingsInForce settings;
    private final EdgeMetrics metrics;
    private final RegionBans bans;
    private final StaleServing staleServing;

    public InvalidationApplier(CacheStore store, SettingsInForce settings, EdgeMetrics metrics, RegionBans bans,
            StaleServing staleServing) {
        this.staleServing = staleServing;
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.bans = bans;
    }

    /**
     * @param delayMs the delay the event was scheduled with
     * @return when it was applied (epoch ms)
     * @throws dev.edgesync.edge.cache.StoreUnavailableException when Redis is unavailable (the caller retries)
     */
    public long apply(InvalidationEvent event, long delayMs) {
        InvalidationPlan plan = InvalidationPlan.of(event, settings.strategy());
        store.apply(plan);
        long appliedAt = System.currentTimeMillis();
        if (!event.patterns().isEmpty()) {
            bans.apply(event.patterns(), plan.removes(), appliedAt);
        }
        staleServing.applied(event, plan, Math.min(appliedAt, event.issuedAt() + delayMs)); // stale since due
        metrics.invalidationApplied(event.kind().wire(), plan.appliedMode(), appliedAt - event.issuedAt(), delayMs);
        LOG.debugf("Applied %s %s (%s) keys=%s tags=%s prefixes=%s version=%d %d ms after issue", event.kind().wire(),
                event.id(), plan.appliedMode(), event.keys(), event.tags(), event.prefixes(), event.version(),
                appliedAt - event.issuedAt());
        return appliedAt;
    }
}
