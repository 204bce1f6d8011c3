package dev.edgesync.origin.outbox;

import dev.edgesync.origin.config.OriginConfig;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes unsent outbox rows to Kafka in id order and stamps them sent once the broker has
 * acknowledged them. It runs on one thread, woken right after each commit that wrote to the
 * outbox, on a timer, and at start-up (which is how rows committed before a crash get out).
 *
 * <p>It uses its own producer rather than a messaging channel so that an unreachable broker only
 * delays publication (bounded waits, rows stay unsent) and never marks the application unhealthy
 * for good. Rows are selected {@code FOR UPDATE SKIP LOCKED}, so several origin replicas never
 * publish the same row at the same time.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long FAILURE_LOG_INTERVAL_MS = 10_000;

    private final Map<String, Object> kafkaConfig;
    private final OriginConfig.Outbox config;
    private final MeterRegistry registry;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean stopped;
    private Producer<String, String> producer;
    private Counter published;
    private long lastFailureLogged;

    public OutboxRelay(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, OriginConfig config,
            MeterRegistry registry) {
        this.kafkaConfig = kafkaConfig;
        this.config = config.outbox();
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        published = Counter.builder("edgesync.outbox.published")
                .description("Outbox events the broker acknowledged").register(registry);
        Gauge.builder("edgesync.outbox.pending", pending, AtomicLong::get)
                .description("Outbox events not yet acknowledged by the broker").register(registry);
        wake();
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wake();
    }

    @Scheduled(every = "${edgesync.outbox.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        wake();
    }

    /** Asks for a relay pass; returns at once. Requests made while one is queued share it. */
    public void wake() {
        if (!stopped && queued.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        queued.set(false);
        try {
            int batch;
            do {
                batch = publishBatch();
            } while (batch == config.batchSize() && !stopped);
        } catch (RuntimeException e) {
            logFailure("outbox relay pass failed", e);
        }
        try {
            pending.set(QuarkusTransaction.requiringNew().call(OutboxEntry::pending));
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not count pending outbox rows");
        }
    }

    /** Publishes one batch; returns its size, or -1 when the broker refused part of it. */
    private int publishBatch() {
        long timeoutMs = config.sendTimeout().toMillis();
        int txSeconds = (int) Math.max(30, 3 * timeoutMs / 1000);
        return QuarkusTransaction.requiringNew().timeout(txSeconds).call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxEntry> batch = OutboxEntry.getEntityManager().createNativeQuery("""
                    select * from outbox where sent_at is null
                    order by id limit ?1 for update skip locked""", OutboxEntry.class)
                    .setParameter(1, config.batchSize())
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (OutboxEntry entry : batch) {
                Future<RecordMetadata> send = send(entry);
                sends.add(send);
                if (send.isDone() && failed(send)) {
                    break; // the broker is unreachable: do not wait out the metadata timeout once per row
                }
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            Instant now = Instant.now();
            int acknowledged = 0;
            Exception failure = null;
            for (int i = 0; i < sends.size(); i++) {
                try {
                    sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    batch.get(i).sentAt = now;
                    acknowledged++;
                } catch (ExecutionException | TimeoutException e) {
                    failure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = e;
                    break;
                }
            }
            published.increment(acknowledged);
            if (failure != null || sends.size() < batch.size()) {
                logFailure("the broker did not acknowledge " + (batch.size() - acknowledged)
                        + " outbox event(s); they stay unsent and are retried", failure);
                return -1;
            }
            return batch.size();
        });
    }

    private Future<RecordMetadata> send(OutboxEntry entry) {
        ProducerRecord<String, String> record = new ProducerRecord<>(entry.topic, entry.partitionKey, entry.payload);
        try {
            return producer().send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean failed(Future<?> future) {
        try {
            future.get();
            return false;
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            return true;
        }
    }

    private synchronized Producer<String, String> producer() {
        if (producer == null) {
            long timeoutMs = config.sendTimeout().toMillis();
            Map<String, Object> props = new HashMap<>(kafkaConfig);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "edgesync-origin-outbox");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2));
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2000, timeoutMs));
            props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            producer = new KafkaProducer<>(props);
        }
        return producer;
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
        executor.shutdown();
        try {
            executor.awaitTermination(config.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
        }
    }
}
