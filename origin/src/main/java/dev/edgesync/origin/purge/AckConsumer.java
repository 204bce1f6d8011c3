package dev.edgesync.origin.purge;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.origin.persistence.DatabaseOutage;
import dev.edgesync.origin.persistence.EventAck;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores the regions' acknowledgements (topic {@code edgesync.invalidation-acks}); the same ack
 * twice is stored once. A message that cannot be read is logged and skipped. While PostgreSQL cannot be reached
 * the ack is held and stored once it is back (the channel's offsets are committed only after), so a database restart
 * loses no acknowledgement.
 */
@ApplicationScoped
public class AckConsumer {
    private static final Logger LOG = Logger.getLogger(AckConsumer.class);

    @Incoming("acks")
    @Blocking
    public void onAck(String payload) {
        InvalidationAck ack;
        try {
            ack = EventCodec.decodeAck(payload);
        } catch (InvalidEventException e) {
            LOG.warnf("skipping unreadable ack: %s", e.getMessage());
            return;
        }
        long backoffMs = 100;
        long warnedAt = 0;
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(
                        () -> EventAck.record(ack.eventId(), ack.region(), ack.appliedAt(), ack.instance()));
                return;
            } catch (RuntimeException e) {
                if (!DatabaseOutage.is(e)) {
                    LOG.errorf(e, "could not store ack of event %s from region %s", ack.eventId(), ack.region());
                    return;
                }
                // PostgreSQL is away: hold this ack (and the ones behind it) until it is back, never drop it
                if (System.currentTimeMillis() - warnedAt > 10_000) {
                    warnedAt = System.currentTimeMillis();
                    LOG.warnf("PostgreSQL unavailable, holding the ack of event %s from region %s until it is back: %s",
                            ack.eventId(), ack.region(), e.getMessage());
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    LOG.errorf("interrupted while holding the ack of event %s from region %s", ack.eventId(),
                            ack.region());
                    throw new IllegalStateException("interrupted", interrupted);
                }
                backoffMs = Math.min(2_000, backoffMs * 2);
            }
        }
    }
}
