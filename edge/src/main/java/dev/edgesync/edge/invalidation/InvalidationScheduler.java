package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.bound.StaleServing;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.metrics.EdgeMetrics;
import dev.edgesync.events.InvalidationEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies each event at {@code min(issuedAt, receivedAt) + delay(region)}, the delay being the one in force when the event is
 * scheduled (time spent queueing is not added on top; an event already due is applied at once). While Redis is
 * unavailable the apply is retried with a capped exponential backoff; the returned future completes only once
 * the writes are done.
 *
 * <p>Applying is one script ({@link InvalidationStore}) with the strategy in force ({@link InvalidationPlan}), so the
 * writes of one event land together. Idempotent and order-safe: generations only grow and minimum versions only rise,
 * so a duplicate or an older event never brings back older content.
 */
@ApplicationScoped
public class InvalidationScheduler {
    private static final Logger LOG = Logger.getLogger(InvalidationScheduler.class);
    private static final long MAX_BACKOFF_MS = 5000;

    private final InvalidationStore store;
    private final SettingsInForce settings;
    private final EdgeMetrics metrics;
    private final RegionBans bans;
    private final StaleServing staleServing;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "edge-invalidation");
        t.setDaemon(true);
        return t;
    });
    /** The priority lane's own threads: a backlog of normal events due at once never delays a critical purge. */
    private final ScheduledExecutorService priorityTimer = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "edge-invalidation-priority");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    });

    private final InstantSource clock;

    public InvalidationScheduler(InvalidationStore store, SettingsInForce settings, EdgeMetrics metrics,
            RegionBans bans, StaleServing staleServing, InstantSource clock) {
        this.clock = clock;
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.bans = bans;
        this.staleServing = staleServing;
    }

    /** Completes with the time the event was applied (epoch ms). */
    public CompletableFuture<Long> schedule(InvalidationEvent event) {
        return schedule(event, null);
    }

    /** As {@link #schedule(InvalidationEvent)}, noting in {@code stages} (when given) when it was due and started. */
    public CompletableFuture<Long> schedule(InvalidationEvent event, ApplyStages stages) {
        long delayMs = settings.delayMs();
        long now = clock.millis();
        long wait = dueIn(event.issuedAt(), delayMs, now);
        if (stages != null) {
            stages.scheduled(now + wait);
        }
        CompletableFuture<Long> applied = new CompletableFuture<>();
        lane(event).schedule(() -> attempt(event, delayMs, applied, 1, stages), wait, TimeUnit.MILLISECONDS);
        return applied;
    }

    /**
     * Milliseconds until {@code min(issuedAt, now) + delayMs}, 0 when already due: an event stamped in the future (an
     * origin clock running ahead) waits at most the delay.
     */
    static long dueIn(long issuedAt, long delayMs, long now) {
        return Math.max(0, Math.min(issuedAt, now) + delayMs - now);
    }

    private void attempt(InvalidationEvent event, long delayMs, CompletableFuture<Long> applied, int attempt,
            ApplyStages stages) {
        try {
            if (stages != null) {
                stages.started(clock.millis());
            }
            long appliedAt = apply(event, delayMs);
            if (stages != null) {
                stages.applied(appliedAt);
            }
            applied.complete(appliedAt);
        } catch (StoreUnavailableException e) {
            long backoff = Math.min(MAX_BACKOFF_MS, 50L << Math.min(attempt, 7));
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warnf("Cannot apply %s yet (attempt %d, retrying in %d ms): %s", event.id(), attempt, backoff,
                        e.getMessage());
            }
            lane(event).schedule(() -> attempt(event, delayMs, applied, attempt + 1, stages), backoff, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            applied.completeExceptionally(e);
        }
    }

    /**
     * Applies one event to the region's Redis with the strategy in force.
     *
     * @param delayMs the delay the event was scheduled with
     * @return when it was applied (epoch ms)
     * @throws StoreUnavailableException when Redis is unavailable (the caller retries)
     */
    private long apply(InvalidationEvent event, long delayMs) {
        InvalidationPlan plan = InvalidationPlan.of(event, settings.strategy());
        store.apply(plan);
        long appliedAt = clock.millis();
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

    private ScheduledExecutorService lane(InvalidationEvent event) {
        return event.prioritised() ? priorityTimer : timer;
    }

    @PreDestroy
    void stop() {
        priorityTimer.shutdownNow();
        timer.shutdownNow();
    }
}
