package dev.edgesync.origin.outbox;

import dev.edgesync.origin.persistence.OutboxEntry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** The {@code edgesync.outbox.pending} gauge: outbox rows not yet acknowledged by the broker, counted every sweep. */
@ApplicationScoped
class OutboxBacklog {
    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    private final AtomicLong pending = new AtomicLong();
    private final MeterRegistry registry;

    OutboxBacklog(MeterRegistry registry) {
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("edgesync.outbox.pending", pending, AtomicLong::get)
                .description("Outbox events not yet acknowledged by the broker").register(registry);
    }

    @Scheduled(every = "${edgesync.outbox.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void count() {
        try {
            pending.set(QuarkusTransaction.requiringNew().call(OutboxEntry::pending));
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not count pending outbox rows");
        }
    }
}
