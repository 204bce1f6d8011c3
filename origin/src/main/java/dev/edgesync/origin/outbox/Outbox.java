package dev.edgesync.origin.outbox;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Topics;
import dev.edgesync.events.problem.ProblemException;
import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.persistence.OutboxDeadLetter;
import dev.edgesync.origin.persistence.OutboxEntry;
import dev.edgesync.origin.tracing.OutboxTracing;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * The outbox, from a write to Kafka. {@link #append} adds an invalidation event inside the writer's transaction, so
 * the event exists exactly when the change that caused it was committed. After the commit the event's lane
 * ({@link OutboxLane}: the priority lane for critical and high purges, the main lane for the rest and the heartbeats)
 * publishes unsent rows in id order and stamps them sent once the broker has acknowledged them.
 *
 * <p>Rows are selected {@code FOR UPDATE SKIP LOCKED}, so several origin replicas never publish the same row at the
 * same time. A row the broker refuses for good ({@link PublishFailure}) moves to {@code outbox_dead_letter} and the
 * rows behind it go on. A row that is only retrying holds back the later rows of its partition key, so one key's
 * events stay in order.
 */
@ApplicationScoped
public class Outbox {
    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final int MAX_TRACKED_COMMITS = 10_000;

    private final OriginConfig.Outbox config;
    private final OutboxMetrics metrics;
    private final OutboxTracing tracing;
    private final Event<OutboxWritten> written;
    private final TransactionSynchronizationRegistry transactions;
    /** The writes whose events may still commit; the heartbeats are never stamped after them. */
    private final OpenWrites openWrites = new OpenWrites(System::currentTimeMillis);
    /** When each priority row's transaction committed (epoch ms), by outbox id, until the row is published. */
    private final Map<Long, Long> committedAt = new ConcurrentHashMap<>();
    private final OutboxLane main;
    private final OutboxLane priority;
    private final OutboxHeartbeats heartbeats;
    private final RelayWarnings warnings = new RelayWarnings();

    Outbox(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, OriginConfig config,
            OutboxMetrics metrics, OutboxTracing tracing, Event<OutboxWritten> written,
            TransactionSynchronizationRegistry transactions) {
        this.config = config.outbox();
        this.metrics = metrics;
        this.heartbeats = new OutboxHeartbeats(metrics);
        this.tracing = tracing;
        this.written = written;
        this.transactions = transactions;
        this.main = new OutboxLane("outbox-relay", "edgesync-origin-outbox", false, kafkaConfig, this.config,
                this::pass, warnings);
        this.priority = new OutboxLane("outbox-relay-priority", "edgesync-origin-outbox-priority", true, kafkaConfig,
                this.config, this::pass, warnings);
    }

    /**
     * The {@code issuedAt} for an event of the current transaction. The transaction counts as an open write until
     * it completes, so the relay never stamps a heartbeat later than an event that may still commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long issuedAt() {
        long started = openWrites.begin();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                openWrites.end(started);
            }
        });
        return Math.max(started, System.currentTimeMillis());
    }

    /** Adds {@code event} (about content {@code contentId}, null for a purge) in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(InvalidationEvent event, Long contentId) {
        String payload = EventCodec.encode(event);
        int size = payload.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.maxEventSize()) {
            throw new ProblemException(413, "event-too-large", "the invalidation event would be " + size
                    + " bytes; at most " + config.maxEventSize()
                    + " are accepted (fewer or shorter keys, tags, prefixes)");
        }
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = event.id();
        entry.topic = event.topic();
        entry.partitionKey = event.partitionKey();
        entry.payload = payload;
        entry.contentId = contentId;
        entry.createdAt = Instant.now();
        entry.traceparent = tracing.commitSpan(event.id());
        entry.persist();
        written.fire(new OutboxWritten(entry.id, entry.topic));
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        if (Topics.PRIORITY_INVALIDATIONS.equals(written.topic())) {
            if (committedAt.size() < MAX_TRACKED_COMMITS) { // rows another replica publishes are never removed here
                committedAt.put(written.outboxId(), System.currentTimeMillis());
            }
            priority.wake();
        } else {
            main.wake();
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (config.maxEventSize() > config.maxRequestSize() - 1024) {
            throw new IllegalStateException("edgesync.outbox.max-event-size (" + config.maxEventSize()
                    + ") must stay at least 1 KiB under edgesync.outbox.max-request-size (" + config.maxRequestSize()
                    + "), or an accepted event may never be published");
        }
        priority.start();
        main.start();
    }

    /** A lane's pass; the priority lane publishes its rows only, with no heartbeats (the priority topic has none). */
    private void pass(OutboxLane lane) {
        if (lane.prioritised()) {
            publishAll(lane, 0);
        } else {
            long floor = openWrites.floor(); // before the outbox is read: see OutboxHeartbeats
            int partitions = lane.producer().partitionsFor(Topics.INVALIDATIONS).size();
            publishAll(lane, partitions); // a row that must wait ends it: its partition gets no heartbeat
            heartbeats.send(lane.producer(), partitions, floor);
        }
    }

    private void publishAll(OutboxLane lane, int partitions) {
        int processed;
        do {
            processed = publishBatch(lane, partitions);
        } while (processed == config.batchSize() && !lane.stopped());
    }

    /** Publishes one batch; returns the rows it settled (published or dead-lettered), or -1 when one must wait. */
    private int publishBatch(OutboxLane lane, int partitions) {
        Producer<String, String> kafka = lane.producer();
        long timeoutMs = config.sendTimeout().toMillis();
        int txSeconds = (int) Math.max(30, 3 * timeoutMs / 1000);
        List<String> deadLettered = new ArrayList<>();
        List<String> retrying = new ArrayList<>();
        List<PriorityRowStages> stagedRows = new ArrayList<>();
        int[] counts = QuarkusTransaction.requiringNew().timeout(txSeconds).call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxEntry> batch = OutboxEntry.getEntityManager().createNativeQuery("""
                    select * from outbox where sent_at is null and (topic = ?2) = ?3
                    order by id limit ?1 for update skip locked""", OutboxEntry.class)
                    .setParameter(2, Topics.PRIORITY_INVALIDATIONS)
                    .setParameter(3, lane.prioritised())
                    .setParameter(1, config.batchSize())
                    .getResultList();
            if (batch.isEmpty()) {
                return new int[] { 0, 0, 0 };
            }
            Set<String> waiting = new HashSet<>();
            List<OutboxEntry> sentRows = new ArrayList<>();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            List<PriorityRowStages> staged = new ArrayList<>();
            Instant now = Instant.now();
            int dead = 0;
            boolean unreachable = false;
            for (OutboxEntry entry : batch) {
                if (unreachable || waiting.contains(entry.partitionKey)) {
                    continue; // a later row of a key whose earlier row is retrying waits with it
                }
                PriorityRowStages stages = lane.prioritised() ? new PriorityRowStages(metrics, entry,
                        committedAt.remove(entry.id), System.currentTimeMillis()) : null;
                Future<RecordMetadata> send = send(kafka, entry, partitions, stages);
                Throwable failure = send.isDone() ? PublishFailure.of(send) : null;
                if (failure == null) {
                    sentRows.add(entry);
                    sends.add(send);
                    if (stages != null) {
                        staged.add(stages);
                    }
                } else if (PublishFailure.permanent(failure)) {
                    deadLettered.add(OutboxDeadLetter.move(entry, failure, now));
                    dead++;
                } else {
                    // failing at once with a retriable error means no metadata: do not wait out max.block.ms per row
                    waiting.add(entry.partitionKey);
                    unreachable = true;
                    retrying.add(String.valueOf(failure));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            int acknowledged = 0;
            for (int i = 0; i < sends.size(); i++) {
                OutboxEntry entry = sentRows.get(i);
                try {
                    sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    entry.sentAt = now;
                    acknowledged++;
                } catch (ExecutionException e) {
                    if (PublishFailure.permanent(e.getCause())) {
                        deadLettered.add(OutboxDeadLetter.move(entry, e.getCause(), now));
                        dead++;
                    } else {
                        if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                            lane.stalled();
                        }
                        waiting.add(entry.partitionKey);
                        retrying.add(String.valueOf(e.getCause()));
                    }
                } catch (TimeoutException e) {
                    lane.stalled();
                    waiting.add(entry.partitionKey);
                    retrying.add("no acknowledgement within " + timeoutMs + " ms");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    waiting.add(entry.partitionKey);
                    break;
                }
            }
            stagedRows.addAll(staged);
            return new int[] { batch.size(), acknowledged, dead };
        });
        long stampedAt = System.currentTimeMillis();
        for (PriorityRowStages stages : stagedRows) {
            stages.report(stampedAt);
        }
        metrics.published(counts[1], counts[2]);
        deadLettered.forEach(LOG::error);
        if (!retrying.isEmpty()) {
            warnings.warn("the broker did not acknowledge " + retrying.size()
                    + " outbox event(s); they and the later events of their keys stay unsent and are retried",
                    new KafkaException(retrying.get(0)));
        }
        int settled = counts[1] + counts[2];
        return settled < counts[0] ? -1 : settled;
    }

    /** Hands {@code entry} to the producer; a priority row's {@code stages} note the broker's acknowledgement. */
    private Future<RecordMetadata> send(Producer<String, String> kafka, OutboxEntry entry, int partitions,
            PriorityRowStages stages) {
        Integer partition = Topics.INVALIDATIONS.equals(entry.topic)
                ? OutboxHeartbeats.partitionOf(entry.partitionKey, partitions)
                : null;
        try {
            return kafka.send(tracing.publish(new ProducerRecord<>(entry.topic, partition, entry.partitionKey,
                    entry.payload), entry.traceparent, entry.eventId), stages == null ? null
                            : (metadata, failure) -> stages.acknowledged(System.currentTimeMillis()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Scheduled(every = "${edgesync.outbox.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void keepPriorityMetadata() {
        priority.keepMetadata(Topics.PRIORITY_INVALIDATIONS);
    }

    void onStop(@Observes ShutdownEvent event) {
        priority.stop();
        main.stop();
        priority.close();
        main.close();
    }
}
