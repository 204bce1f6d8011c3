package dev.edgesync.origin.outbox;

import dev.edgesync.origin.persistence.OutboxEntry;
import org.jboss.logging.Logger;

/**
 * A priority row's way out of the origin, epoch ms: written (the row's createdAt), committed (its transaction),
 * handed to the producer, acknowledged by the broker, stamped sent. Logged at INFO and timed
 * ({@code edgesync.outbox.stage}, lane priority), so a late critical purge says where the origin spent its time.
 */
final class PriorityRowStages {
    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private final OutboxMetrics metrics;
    private final String eventId;
    private final long written;
    private final long committed;
    private final long handed;
    private volatile long acknowledged;

    PriorityRowStages(OutboxMetrics metrics, OutboxEntry entry, Long committed, long handed) {
        this.metrics = metrics;
        this.eventId = entry.eventId;
        this.written = entry.createdAt == null ? 0 : entry.createdAt.toEpochMilli();
        this.committed = committed == null ? 0 : committed;
        this.handed = handed;
    }

    void acknowledged(long at) {
        acknowledged = at;
    }

    void report(long stamped) {
        if (committed > 0) {
            metrics.priorityStage("committed->handed", handed - committed);
        }
        if (acknowledged > 0) {
            metrics.priorityStage("handed->acked", acknowledged - handed);
        }
        LOG.infof("outbox stages event=%s lane=priority written=%d committed=%d handed=%d acked=%d stamped=%d",
                eventId, written, committed, handed, acknowledged, stamped);
    }
}
