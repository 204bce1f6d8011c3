package dev.edgesync.origin.purge;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.origin.persistence.EventAck;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores the regions' acknowledgements (topic {@code edgesync.invalidation-acks}); the same ack
 * twice is stored once. A message that cannot be read is logged and skipped.
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
        try {
            QuarkusTransaction.requiringNew().run(
                    () -> EventAck.record(ack.eventId(), ack.region(), ack.appliedAt(), ack.instance()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not store ack of event %s from region %s", ack.eventId(), ack.region());
        }
    }
}
