package dev.edgesync.origin.outbox;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.config.OriginConfig;
import dev.edgesync.origin.persistence.OutboxDeadLetter;
import dev.edgesync.origin.persistence.OutboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Publishes unsent outbox rows to Kafka in id order, stamps them sent once the broker has acknowledged them, and
 * puts a heartbeat on every partition of the invalidation topic after each pass. It runs two lanes, each on its own
 * thread with its own producer: the priority lane publishes only rows of {@link Topics#PRIORITY_INVALIDATIONS}
 * (critical and high purges), the main lane everything else plus the heartbeats. So a critical purge never waits for
 * a batch of normal rows to be acknowledged, a heartbeat query, or a broker connection busy with (or throttled by)
 * normal traffic. Each lane passes every {@code edgesync.outbox.heartbeat-interval} and right after each commit
 * that wrote a row of its own (which, with the pass at start-up, is also how rows committed before a crash get out).
 *
 * <p>It uses its own producer rather than a messaging channel so that an unreachable broker only delays
 * publication (bounded waits, rows stay unsent) and never marks the application unhealthy for good. Rows are
 * selected {@code FOR UPDATE SKIP LOCKED}, so several origin replicas never publish the same row at the same time.
 *
 * <p>A row the broker refuses for good (too large, unserializable, any non-retriable error that is about the row
 * rather than the producer) moves to {@code outbox_dead_letter} and the rows behind it go on. A row that is only
 * retrying holds back the later rows of its partition key, so one key's events stay in order.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long FAILURE_LOG_INTERVAL_MS = 10_000;

    private final Map<String, Object> kafkaConfig;
    private final OriginConfig.Outbox config;
    private final MeterRegistry registry;
    private final OpenWrites openWrites;
    private final AtomicLong pending = new AtomicLong();
    private static final int MAX_TRACKED_COMMITS = 10_000;
    /** When each priority row's transaction committed (epoch ms), by outbox id, until the row is published. */
    private final Map<Long, Long> committedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final Lane main = new Lane("outbox-relay", "edgesync-origin-outbox", false);
    private final Lane priority = new Lane("outbox-relay-priority", "edgesync-origin-outbox-priority", true);
    private volatile boolean stopped;
    private List<Future<RecordMetadata>> heartbeatsInFlight = List.of();
    private Counter published;
    private Counter deadLetters;
    private Counter heartbeats;
    private long lastFailureLogged;
    @jakarta.inject.Inject
    dev.edgesync.origin.tracing.OutboxTracing tracing;

    public OutboxRelay(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, OriginConfig config,
            MeterRegistry registry, OpenWrites openWrites) {
        this.kafkaConfig = kafkaConfig;
        this.config = config.outbox();
        this.registry = registry;
        this.openWrites = openWrites;
    }

    /** The writes whose events may still commit; shared by the writer and the relay. */
    @Produces
    @Singleton
    static OpenWrites openWrites() {
        return new OpenWrites(System::currentTimeMillis);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.maxEventSize() > config.maxRequestSize() - 1024) {
            throw new IllegalStateException("edgesync.outbox.max-event-size (" + config.maxEventSize()
                    + ") must stay at least 1 KiB under edgesync.outbox.max-request-size (" + config.maxRequestSize()
                    + "), or an accepted event may never be published");
        }
        published = Counter.builder("edgesync.outbox.published")
                .description("Outbox events the broker acknowledged").register(registry);
        deadLetters = Counter.builder("edgesync.outbox.dead.letters")
                .description("Outbox events the broker refused for good, moved to outbox_dead_letter")
                .register(registry);
        heartbeats = Counter.builder("edgesync.outbox.heartbeats")
                .description("Heartbeats sent to the invalidation topic's partitions").register(registry);
        Gauge.builder("edgesync.outbox.pending", pending, AtomicLong::get)
                .description("Outbox events not yet acknowledged by the broker").register(registry);
        priority.start();
        main.start();
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

    @Scheduled(every = "${edgesync.outbox.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void countPending() {
        try {
            pending.set(QuarkusTransaction.requiringNew().call(OutboxEntry::pending));
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not count pending outbox rows");
        }
        try {
            // Keeps the priority topic's metadata in the producer (which drops a topic unused for 5 min), so a
            // critical purge never waits for a metadata round trip in send(); here, not in the relay's pass, since
            // it blocks while the broker is unreachable.
            priority.producer().partitionsFor(Topics.PRIORITY_INVALIDATIONS);
        } catch (RuntimeException e) {
            LOG.debugf(e, "no metadata for %s", Topics.PRIORITY_INVALIDATIONS);
        }
    }

    /** Asks both lanes for a pass now rather than at the next heartbeat; returns at once. */
    public void wake() {
        priority.wake();
        main.wake();
    }

    /** One relay lane: its own thread, wake-up signal and producer. */
    private final class Lane {
        private final String threadName;
        private final String clientId;
        private final boolean prioritised;
        private final Object signal = new Object();
        private boolean woken;
        private Thread thread;
        private Producer<String, String> producer;
        /** Set by a pass whose sends were not acknowledged in time. */
        private boolean stalled;

        Lane(String threadName, String clientId, boolean prioritised) {
            this.threadName = threadName;
            this.clientId = clientId;
            this.prioritised = prioritised;
        }

        void start() {
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            if (prioritised) {
                thread.setPriority(Thread.MAX_PRIORITY);
            }
            thread.start();
        }

        void wake() {
            synchronized (signal) {
                woken = true;
                signal.notifyAll();
            }
        }

        private void run() {
            long intervalMs = Math.max(1, config.heartbeatInterval().toMillis());
            while (!stopped) {
                long started = System.nanoTime();
                try {
                    if (prioritised) {
                        priorityPass(this);
                    } else {
                        pass(this);
                    }
                } catch (RuntimeException e) {
                    logFailure("outbox relay pass failed (" + threadName + ")", e);
                }
                if (stalled) {
                    // A producer whose batches expired can stay throttled or wedged on its connection after the
                    // broker recovers; the rows are still unsent, so a fresh producer simply publishes them again.
                    stalled = false;
                    resetProducer();
                }
                long waitMs = intervalMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                synchronized (signal) {
                    if (!woken && waitMs > 0 && !stopped) {
                        try {
                            signal.wait(waitMs);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    woken = false;
                }
            }
        }

        synchronized Producer<String, String> producer() {
            if (producer == null) {
                producer = newProducer(clientId);
            }
            return producer;
        }

        private synchronized void resetProducer() {
            if (producer != null) {
                producer.close(Duration.ZERO);
                producer = null;
            }
        }

        void stop() {
            wake();
            if (thread != null) {
                try {
                    thread.join(config.sendTimeout().toMillis() + 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (this) {
                if (producer != null) {
                    producer.close(Duration.ofSeconds(2));
                }
            }
        }
    }

    /** The priority lane's pass: its rows only, no heartbeats (the priority topic is not part of the lease). */
    private void priorityPass(Lane lane) {
        int processed;
        do {
            processed = publishBatch(lane, 0);
        } while (processed == config.batchSize() && !stopped);
    }

    /**
     * One pass: publish what is pending, then a heartbeat per partition.
     *
     * <p>Why the heartbeats are correct: a heartbeat stamped {@code H} on partition p promises that every event for
     * p with {@code issuedAt <= H} is before it on p. {@code floor} is taken before the outbox is read, from
     * {@link OpenWrites}: no write still open started before it, and a write that starts later issues its events at
     * or after it. So an event with {@code issuedAt < floor} was committed before the pass read the outbox: the pass
     * either published it and waited for the broker's acknowledgement (before any heartbeat is sent), or it is still
     * unsent (retrying, or held by another replica's relay), and then the final query finds it and p gets no
     * heartbeat this pass. {@code H = floor - 1} keeps the promise for every event; a heartbeat is never stamped
     * earlier than the start of the oldest write still open minus 1 ms, nor later than the moment the pass began.
     * This holds for the writes of this origin process; with several origin replicas another replica's open write
     * is not seen (the chart runs one).
     */
    private void pass(Lane lane) {
        long floor = openWrites.floor();
        Producer<String, String> kafka = lane.producer();
        int partitions = kafka.partitionsFor(Topics.INVALIDATIONS).size();
        int processed;
        do { // -1 (a row must wait) ends the pass; heartbeats skip that row's partition
            processed = publishBatch(lane, partitions);
        } while (processed == config.batchSize() && !stopped);
        sendHeartbeats(kafka, partitions, floor - 1);
    }

    /** Publishes one batch; returns the rows it settled (published or dead-lettered), or -1 when one must wait. */
    private int publishBatch(Lane lane, int partitions) {
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
                    .setParameter(3, lane.prioritised)
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
                PriorityRowStages stages = lane.prioritised ? new PriorityRowStages(entry,
                        committedAt.remove(entry.id), System.currentTimeMillis()) : null;
                Future<RecordMetadata> send = send(kafka, entry, partitions, stages);
                Throwable failure = send.isDone() ? failure(send) : null;
                if (failure == null) {
                    sentRows.add(entry);
                    sends.add(send);
                    if (stages != null) {
                        staged.add(stages);
                    }
                } else if (permanent(failure)) {
                    deadLettered.add(deadLetter(entry, failure, now));
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
                    if (permanent(e.getCause())) {
                        deadLettered.add(deadLetter(entry, e.getCause(), now));
                        dead++;
                    } else {
                        lane.stalled |= e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
                        waiting.add(entry.partitionKey);
                        retrying.add(String.valueOf(e.getCause()));
                    }
                } catch (TimeoutException e) {
                    lane.stalled = true;
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
        published.increment(counts[1]);
        deadLetters.increment(counts[2]);
        deadLettered.forEach(LOG::error);
        if (!retrying.isEmpty()) {
            logFailure("the broker did not acknowledge " + retrying.size()
                    + " outbox event(s); they and the later events of their keys stay unsent and are retried",
                    new KafkaException(retrying.get(0)));
        }
        int settled = counts[1] + counts[2];
        return settled < counts[0] ? -1 : settled;
    }

    private static String deadLetter(OutboxEntry entry, Throwable failure, Instant now) {
        String error = failure.getClass().getName() + ": " + failure.getMessage();
        OutboxDeadLetter.move(entry, error, now);
        return "outbox row " + entry.id + " (event " + entry.eventId + ", key " + entry.partitionKey
                + ") can never be published and was moved to outbox_dead_letter: " + error;
    }

    /**
     * Sends a heartbeat stamped {@code stamp} to every partition that has no unsent row left. The previous pass's
     * heartbeats must have been acknowledged first, so a slow broker does not pile them up.
     */
    private void sendHeartbeats(Producer<String, String> kafka, int partitions, long stamp) {
        if (heartbeatsInFlight.stream().anyMatch(f -> !f.isDone())) {
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
            InvalidationEvent heartbeat = InvalidationEvent.heartbeat(stamp);
            try {
                sent.add(kafka.send(new ProducerRecord<>(Topics.INVALIDATIONS, p, heartbeat.partitionKey(),
                        EventCodec.encode(heartbeat))));
            } catch (RuntimeException e) {
                LOG.debugf(e, "heartbeat to partition %d not sent", p);
            }
        }
        heartbeats.increment(sent.size());
        heartbeatsInFlight = sent;
    }

    /** The partition the producer's default partitioner would choose; set explicitly so heartbeats can follow it. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private Future<RecordMetadata> send(Producer<String, String> kafka, OutboxEntry entry, int partitions,
            PriorityRowStages stages) {
        Integer partition = Topics.INVALIDATIONS.equals(entry.topic) ? partitionOf(entry.partitionKey, partitions) : null;
        try {
            return kafka.send(tracing.publish(new ProducerRecord<>(entry.topic, partition, entry.partitionKey,
                    entry.payload), entry.traceparent, entry.eventId), stages == null ? null
                            : (metadata, failure) -> stages.acknowledged(System.currentTimeMillis()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable failure(Future<?> future) {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Whether the broker will never accept this row: a serialization error or a non-retriable Kafka error about the
     * record. Errors about the producer or the client's rights (authentication, authorization, fencing, sequence)
     * would refuse every row alike; they are retried instead, so a misconfiguration never empties the outbox.
     */
    static boolean permanent(Throwable failure) {
        if (failure instanceof SerializationException) {
            return true;
        }
        return failure instanceof ApiException
                && !(failure instanceof RetriableException)
                && !(failure instanceof AuthenticationException)
                && !(failure instanceof AuthorizationException)
                && !(failure instanceof InvalidTopicException)
                && !(failure instanceof OutOfOrderSequenceException)
                && !(failure instanceof UnknownProducerIdException)
                && !(failure instanceof ProducerFencedException);
    }

    private Producer<String, String> newProducer(String clientId) {
        long timeoutMs = config.sendTimeout().toMillis();
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxRequestSize());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2000, timeoutMs));
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return new KafkaProducer<>(props);
    }

    /**
     * A priority row's way out of the origin, epoch ms: written (the row's createdAt), committed (its transaction),
     * handed to the producer, acknowledged by the broker, stamped sent. Logged at INFO and timed
     * ({@code edgesync.outbox.stage}, lane priority), so a late critical purge says where the origin spent its time.
     */
    private final class PriorityRowStages {
        private final String eventId;
        private final long written;
        private final long committed;
        private final long handed;
        private volatile long acknowledged;

        PriorityRowStages(OutboxEntry entry, Long committed, long handed) {
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
                stage("committed->handed", handed - committed);
            }
            if (acknowledged > 0) {
                stage("handed->acked", acknowledged - handed);
            }
            LOG.infof("outbox stages event=%s lane=priority written=%d committed=%d handed=%d acked=%d stamped=%d",
                    eventId, written, committed, handed, acknowledged, stamped);
        }

        private void stage(String stage, long ms) {
            io.micrometer.core.instrument.Timer.builder("edgesync.outbox.stage")
                    .description("Time a priority outbox row spent in each stage before the broker had it")
                    .tag("lane", "priority").tag("stage", stage)
                    .register(registry).record(Math.max(0, ms), TimeUnit.MILLISECONDS);
        }
    }

    private void logFailure(String message, Throwable cause) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLogged >= FAILURE_LOG_INTERVAL_MS) {
            lastFailureLogged = now;
            LOG.warnf("%s: %s", message, cause == null ? "unknown cause" : String.valueOf(cause.getMessage()));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        priority.stop();
        main.stop();
    }
}
