package dev.edgesync.origin.outbox;

import dev.edgesync.origin.persistence.OutboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The outbox's meters: events published and dead-lettered, heartbeats sent, a priority row's stages, and the
 * {@code edgesync.outbox.pending} gauge (rows not yet acknowledged by the broker, counted every sweep).
 */
@Startup
@ApplicationScoped
class OutboxMetrics {
    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final Counter published;
    private final Counter deadLetters;
    private final Counter heartbeats;

    OutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
        published = Counter.builder("edgesync.outbox.published")
                .description("Outbox events the broker acknowledged").register(registry);
        deadLetters = Counter.builder("edgesync.outbox.dead.letters")
                .description("Outbox events the broker refused for good, moved to outbox_dead_letter")
                .register(registry);
        heartbeats = Counter.builder("edgesync.outbox.heartbeats")
                .description("Heartbeats sent to the invalidation topic's partitions").register(registry);
        Gauge.builder("edgesync.outbox.pending", pending, AtomicLong::get)
                .description("Outbox events not yet acknowledged by the broker").register(registry);
    }

    void published(int events, int deadLettered) {
        published.increment(events);
        deadLetters.increment(deadLettered);
    }

    void heartbeats(int sent) {
        heartbeats.increment(sent);
    }

    /** Time a priority row spent in {@code stage} (see {@link PriorityRowStages}). */
    void priorityStage(String stage, long ms) {
        Timer.builder("edgesync.outbox.stage")
                .description("Time a priority outbox row spent in each stage before the broker had it")
                .tag("lane", "priority").tag("stage", stage)
                .register(registry).record(Math.max(0, ms), TimeUnit.MILLISECONDS);
    }

    @Scheduled(every = "${edgesync.outbox.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void countPending() {
        try {
            pending.set(QuarkusTransaction.requiringNew().call(OutboxEntry::pending));
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not count pending outbox rows");
        }
    }
}
