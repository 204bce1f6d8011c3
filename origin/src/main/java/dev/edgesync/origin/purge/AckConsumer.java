package dev.edgesync.origin.purge;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.origin.persistence.DatabaseOutage;
import dev.edgesync.origin.persistence.EventAck;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores the regions' acknowledgements (topic {@code edgesync.invalidation-acks}); the same ack
 * twice is stored once. A message that cannot be read is logged and skipped. While PostgreSQL cannot be reached
 * the acks are held and stored once it is back (the channel's offsets are committed only after), so a database restart
 * loses no acknowledgement.
 *
 * <p>The channel delivers each poll's records together ({@code batch=true}) and they are stored in one transaction:
 * under a burst (10,000 events acknowledged by every region) one transaction per ack kept PostgreSQL and the CPU busy
 * for tens of seconds, and the origin's purge requests and outbox relay waited behind it.
 */
@ApplicationScoped
public class AckConsumer {
    private static final Logger LOG = Logger.getLogger(AckConsumer.class);

    /** Header an edge sets on the acks of its priority lane (critical and high purges). */
    static final String LANE_HEADER = "edgesync-lane";

    @Incoming("acks")
    @Blocking
    public void onAcks(List<String> payloads) {
        storeAll(payloads);
    }

    /**
     * The priority lane's acks, read by a second consumer group of the same topic on its own worker: it skips every
     * record without the {@value #LANE_HEADER} header (no decoding, no database), so a critical purge's acks are
     * stored while the main consumer is still storing a burst's. The main consumer stores them again, as a no-op.
     */
    @Incoming("acks-priority")
    @Blocking(value = "edgesync-acks-priority", ordered = true)
    public void onPriorityAcks(ConsumerRecords<String, String> records) {
        List<String> payloads = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            Header lane = record.headers().lastHeader(LANE_HEADER);
            if (lane != null && "priority".equals(new String(lane.value(), StandardCharsets.UTF_8))) {
                payloads.add(record.value());
            }
        }
        storeAll(payloads);
    }

    private void storeAll(List<String> payloads) {
        List<InvalidationAck> acks = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            try {
                acks.add(EventCodec.decodeAck(payload));
            } catch (InvalidEventException e) {
                LOG.warnf("skipping unreadable ack: %s", e.getMessage());
            }
        }
        if (acks.isEmpty()) {
            return;
        }
        if (!store(acks, acks.size() + " acks")) {
            // something in the batch is refused (not an outage): store them one by one, so only that ack is lost
            for (InvalidationAck ack : acks) {
                store(List.of(ack), "the ack of event " + ack.eventId() + " from region " + ack.region());
            }
        }
    }

    /**
     * One statement for the whole batch (arrays unnested), not one per ack: a burst's 30,000 acks were 30,000 round
     * trips, CPU the origin and PostgreSQL took from the purge requests arriving meanwhile.
     */
    private static void insert(List<InvalidationAck> acks) {
        if (acks.size() == 1) {
            InvalidationAck ack = acks.get(0);
            EventAck.record(ack.eventId(), ack.region(), ack.appliedAt(), ack.instance());
            return;
        }
        EventAck.getEntityManager().unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement insert = connection.prepareStatement("""
                    insert into event_ack (event_id, region, applied_at, instance)
                    select * from unnest(?::text[], ?::text[], ?::bigint[], ?::text[])
                    on conflict (event_id, region) do nothing""")) {
                insert.setArray(1, connection.createArrayOf("text", acks.stream().map(InvalidationAck::eventId).toArray()));
                insert.setArray(2, connection.createArrayOf("text", acks.stream().map(InvalidationAck::region).toArray()));
                insert.setArray(3, connection.createArrayOf("bigint",
                        acks.stream().map(InvalidationAck::appliedAt).toArray()));
                insert.setArray(4, connection.createArrayOf("text", acks.stream().map(InvalidationAck::instance).toArray()));
                insert.executeUpdate();
            }
        });
    }

    /** Stores {@code acks} in one transaction, waiting out a PostgreSQL outage; false when they were refused. */
    private boolean store(List<InvalidationAck> acks, String what) {
        long backoffMs = 100;
        long warnedAt = 0;
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(() -> insert(acks));
                return true;
            } catch (RuntimeException e) {
                if (!DatabaseOutage.is(e)) {
                    LOG.errorf(e, "could not store %s", what);
                    return false;
                }
                // PostgreSQL is away: hold these acks (and the ones behind them) until it is back, never drop them
                if (System.currentTimeMillis() - warnedAt > 10_000) {
                    warnedAt = System.currentTimeMillis();
                    LOG.warnf("PostgreSQL unavailable, holding %s until it is back: %s", what, e.getMessage());
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    LOG.errorf("interrupted while holding %s", what);
                    throw new IllegalStateException("interrupted", interrupted);
                }
                backoffMs = Math.min(2_000, backoffMs * 2);
            }
        }
    }
}
