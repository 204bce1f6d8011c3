package dev.edgesync.origin.outbox;

import dev.edgesync.events.Topics;
import dev.edgesync.origin.config.OriginConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * One relay lane: its own thread, wake-up signal and Kafka producer. The thread runs the lane's pass every
 * {@code edgesync.outbox.heartbeat-interval} and as soon as it is woken (after each commit that wrote a row of its
 * own; with the pass at start-up, that is also how rows committed before a crash get out). A pass that saw its sends
 * time out gets a fresh producer before the next one.
 *
 * <p>The priority lane publishes only rows of {@link Topics#PRIORITY_INVALIDATIONS} (critical and high purges), the
 * main lane everything else plus the heartbeats. So a critical purge never waits for a batch of normal rows to be
 * acknowledged, a heartbeat query, or a broker connection busy with (or throttled by) normal traffic.
 *
 * <p>A lane uses its own producer rather than a messaging channel so that an unreachable broker only delays
 * publication (bounded waits, rows stay unsent) and never marks the application unhealthy for good.
 */
final class OutboxLane {
    private static final Logger LOG = Logger.getLogger(OutboxLane.class);

    private final String threadName;
    private final String clientId;
    private final boolean prioritised;
    private final Map<String, Object> kafkaConfig;
    private final OriginConfig.Outbox config;
    private final Consumer<OutboxLane> pass;
    private final RelayWarnings warnings;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean stopped;
    private Thread thread;
    private Producer<String, String> producer;
    /** Set by a pass whose sends were not acknowledged in time. */
    private boolean stalled;

    OutboxLane(String threadName, String clientId, boolean prioritised, Map<String, Object> kafkaConfig,
            OriginConfig.Outbox config, Consumer<OutboxLane> pass, RelayWarnings warnings) {
        this.threadName = threadName;
        this.clientId = clientId;
        this.prioritised = prioritised;
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.pass = pass;
        this.warnings = warnings;
    }

    /** Whether this is the priority lane (rows of the priority topic only, on a thread of the highest priority). */
    boolean prioritised() {
        return prioritised;
    }

    void start() {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        if (prioritised) {
            thread.setPriority(Thread.MAX_PRIORITY);
        }
        thread.start();
    }

    /** Asks for a pass now rather than at the next interval; returns at once. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    boolean stopped() {
        return stopped;
    }

    /** Marks the producer as stalled: it is replaced after the current pass. */
    void stalled() {
        stalled = true;
    }

    private void run() {
        long intervalMs = Math.max(1, config.heartbeatInterval().toMillis());
        while (!stopped) {
            long started = System.nanoTime();
            try {
                pass.accept(this);
            } catch (RuntimeException e) {
                warnings.warn("outbox relay pass failed (" + threadName + ")", e);
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
            producer = newProducer();
        }
        return producer;
    }

    /**
     * Keeps {@code topic}'s metadata in the producer (which drops a topic unused for 5 min), so a send never waits for
     * a metadata round trip; called from a timer, not from the pass, since it blocks while the broker is unreachable.
     */
    void keepMetadata(String topic) {
        try {
            producer().partitionsFor(topic);
        } catch (RuntimeException e) {
            LOG.debugf(e, "no metadata for %s", topic);
        }
    }

    private synchronized void resetProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    /** Ends the lane's passes; {@link #close()} then waits for the thread and closes the producer. */
    void stop() {
        stopped = true;
        wake();
    }

    void close() {
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

    private Producer<String, String> newProducer() {
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
}
