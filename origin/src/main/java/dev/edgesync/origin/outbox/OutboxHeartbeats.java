package dev.edgesync.origin.outbox;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.persistence.OutboxEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * The main lane's heartbeats: after each pass, one per partition of the invalidation topic that has no unsent row.
 *
 * <p>Why they are correct: a heartbeat stamped {@code H} on partition p promises that every event for p with
 * {@code issuedAt <= H} is before it on p. {@code floor} is taken before the pass reads the outbox, from
 * {@link OpenWrites}: no write still open started before it, and a write that starts later issues its events at or
 * after it. So an event with {@code issuedAt < floor} was committed before the pass read the outbox: the pass either
 * published it and waited for the broker's acknowledgement (before any heartbeat is sent), or it is still unsent
 * (retrying, or held by another replica's relay), and then the final query finds it and p gets no heartbeat this
 * pass. {@code H = floor - 1} keeps the promise for every event; a heartbeat is never stamped earlier than the start
 * of the oldest write still open minus 1 ms, nor later than the moment the pass began. This holds for the writes of
 * this origin process; with several origin replicas another replica's open write is not seen (the chart runs one).
 */
final class OutboxHeartbeats {
    private static final Logger LOG = Logger.getLogger(OutboxHeartbeats.class);

    private final OutboxMetrics metrics;
    private List<Future<RecordMetadata>> inFlight = List.of();

    OutboxHeartbeats(OutboxMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Sends a heartbeat stamped {@code floor - 1} to every partition that has no unsent row left. The previous pass's
     * heartbeats must have been acknowledged first, so a slow broker does not pile them up.
     */
    void send(Producer<String, String> kafka, int partitions, long floor) {
        if (inFlight.stream().anyMatch(f -> !f.isDone())) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> unsentKeys = QuarkusTransaction.requiringNew().call(() -> OutboxEntry.getEntityManager()
                .createNativeQuery("select distinct partition_key from outbox where sent_at is null")
                .getResultList());
        Set<Integer> held = new HashSet<>();
        for (String key : unsentKeys) {
            held.add(partitionOf(key, partitions));
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (held.contains(p)) {
                continue;
            }
            InvalidationEvent heartbeat = InvalidationEvent.heartbeat(floor - 1);
            try {
                sent.add(kafka.send(new ProducerRecord<>(Topics.INVALIDATIONS, p, heartbeat.partitionKey(),
                        EventCodec.encode(heartbeat))));
            } catch (RuntimeException e) {
                LOG.debugf(e, "heartbeat to partition %d not sent", p);
            }
        }
        metrics.heartbeats(sent.size());
        inFlight = sent;
    }

    /** The partition the producer's default partitioner would choose; set explicitly so heartbeats can follow it. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
