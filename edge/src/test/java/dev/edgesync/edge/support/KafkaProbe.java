package dev.edgesync.edge.support;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidEventException;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for the tests: publishes invalidation events as the origin would, and collects the acks and
 * dead letters the edge writes.
 */
public final class KafkaProbe {

    /** A record the edge dead-lettered, with its {@code dead-letter-reason} header. */
    public record DeadLetter(String value, String reason) {
    }

    private static volatile KafkaProbe instance;

    private final KafkaProducer<String, String> producer;
    private final Map<String, InvalidationAck> acks = new ConcurrentHashMap<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    private KafkaProbe(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "edge-test-probe-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of(Topics.ACKS, Topics.DEAD_LETTERS));
                while (true) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.topic().equals(Topics.ACKS)) {
                            try {
                                InvalidationAck ack = EventCodec.decodeAck(r.value());
                                acks.put(ack.eventId(), ack);
                            } catch (InvalidEventException e) {
                                // not ours to judge here
                            }
                        } else {
                            Header reason = r.headers().lastHeader("dead-letter-reason");
                            deadLetters.add(new DeadLetter(r.value(),
                                    reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        }, "edge-test-kafka-probe");
        reader.setDaemon(true);
        reader.start();
    }

    public static synchronized KafkaProbe get(String bootstrap) {
        if (instance == null) {
            instance = new KafkaProbe(bootstrap);
        }
        return instance;
    }

    private static final String HEARTBEATS_STARTED = "edge.test.heartbeats.started";
    private static final String HEARTBEATS_PAUSED = "edge.test.heartbeats.paused";

    /**
     * Publishes a heartbeat to every partition of the invalidation topic every 50 ms, as the origin's relay does, for
     * the rest of the JVM (once per JVM: test profiles load this class again in other class loaders).
     */
    public static void startHeartbeats(String bootstrap) {
        synchronized (System.class) {
            if (System.getProperty(HEARTBEATS_STARTED) != null) {
                return;
            }
            System.setProperty(HEARTBEATS_STARTED, "true");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Thread beat = new Thread(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                int partitions = producer.partitionsFor(Topics.INVALIDATIONS).size();
                while (true) {
                    if (System.getProperty(HEARTBEATS_PAUSED) == null) {
                        for (int partition = 0; partition < partitions; partition++) {
                            InvalidationEvent heartbeat = InvalidationEvent.heartbeat(System.currentTimeMillis());
                            producer.send(new ProducerRecord<>(Topics.INVALIDATIONS, partition, heartbeat.id(),
                                    EventCodec.encode(heartbeat)));
                        }
                    }
                    sleep(50);
                }
            }
        }, "edge-test-heartbeats");
        beat.setDaemon(true);
        beat.start();
    }

    /** Stops the heartbeats (as a stalled relay or Kafka would) until {@link #resumeHeartbeats()}. */
    public static void pauseHeartbeats() {
        System.setProperty(HEARTBEATS_PAUSED, "true");
    }

    public static void resumeHeartbeats() {
        System.clearProperty(HEARTBEATS_PAUSED);
    }

    public void publish(InvalidationEvent event) {
        publishRaw(event.partitionKey(), EventCodec.encode(event));
    }

    public void publishRaw(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.INVALIDATIONS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The region's ack of {@code eventId}, waiting up to {@code timeout}. */
    public InvalidationAck awaitAck(String eventId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            InvalidationAck ack = acks.get(eventId);
            if (ack != null) {
                return ack;
            }
            sleep(20);
        }
        throw new AssertionError("no ack for event " + eventId + " within " + timeout);
    }

    public InvalidationAck ack(String eventId) {
        return acks.get(eventId);
    }

    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
