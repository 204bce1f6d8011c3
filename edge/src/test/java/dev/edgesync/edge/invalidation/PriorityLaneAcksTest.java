package dev.edgesync.edge.invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.edge.support.TestOrigin;
import dev.edgesync.events.EventCodec;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The priority lane end to end inside a region: a critical purge's ack is published marked for the origin's priority
 * ack consumer (its own producer, header {@code edgesync-lane: priority}), a normal event's is not; and an older
 * normal event applied after a critical purge of the same key never brings the purged copy back.
 */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class PriorityLaneAcksTest extends EdgeTestSupport {
    /** The wire name the origin's AckConsumer filters on (InvalidationConsumer.LANE_HEADER). */
    private static final String LANE_HEADER = "edgesync-lane";

    @BeforeEach
    void eagerRegion() {
        region("eager", 100);
    }

    @Test
    void aCriticalPurgesAckIsMarkedForThePriorityLaneAndANormalOneIsNot() throws Exception {
        InvalidationEvent critical = InvalidationEvent.purge(UUID.randomUUID().toString(), List.of(),
                List.of("lane-ack-" + UUID.randomUUID()), List.of(), PurgeMode.DEFAULT, Priority.CRITICAL,
                System.currentTimeMillis());
        InvalidationEvent normal = InvalidationEvent.purge(UUID.randomUUID().toString(), List.of(),
                List.of("lane-ack-" + UUID.randomUUID()), List.of(), PurgeMode.DEFAULT, Priority.NORMAL,
                System.currentTimeMillis());
        try (KafkaConsumer<String, String> acks = atEnd(Topics.ACKS)) {
            publish(critical);
            kafka().publish(normal);
            ConsumerRecord<String, String> criticalAck = awaitRecord(acks, critical.id(), normal.id())
                    .get(critical.id());
            ConsumerRecord<String, String> normalAck = awaitRecord(acks, critical.id(), normal.id()).get(normal.id());
            Header lane = criticalAck.headers().lastHeader(LANE_HEADER);
            assertNotNull(lane, "the critical purge's ack carries the lane header");
            assertEquals("priority", new String(lane.value(), StandardCharsets.UTF_8));
            assertNull(normalAck.headers().lastHeader(LANE_HEADER),
                    "a normal event's ack is stored by the main ack consumer only");
        }
    }

    @Test
    void anOlderNormalEventAppliedAfterACriticalPurgeNeverBringsBackThePurgedCopy() {
        String p = path("lanes/order/1");
        TestOrigin.Route route = ORIGIN.route(p).version(1);
        get(p);
        assertEquals("HIT", get(p).getHeader("X-Cache"));
        long now = System.currentTimeMillis();
        // issued before the critical purge, on the main topic, applied after it (a main lane behind a backlog)
        InvalidationEvent older = new InvalidationEvent(1, UUID.randomUUID().toString(), EventKind.CONTENT_UPDATED,
                List.of(p), List.of(), List.of(), 1, PurgeMode.DEFAULT, now - 1000, Priority.NORMAL);
        InvalidationEvent critical = InvalidationEvent.purge(UUID.randomUUID().toString(), List.of(p), List.of(),
                List.of(), PurgeMode.HARD, Priority.CRITICAL, now);

        route.version(2);
        publish(critical);
        kafka().awaitAck(critical.id(), Duration.ofSeconds(20));
        Response refilled = get(p);
        assertEquals("MISS", refilled.getHeader("X-Cache"));
        assertEquals(2, version(refilled));

        apply(older);
        Response after = get(p);
        assertEquals("HIT", after.getHeader("X-Cache"), "the older event neither evicts the newer copy nor restores v1");
        assertEquals(2, version(after));
    }

    private static void publish(InvalidationEvent event) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                EdgeTestResources.kafkaBootstrap()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(event.topic(), event.partitionKey(), EventCodec.encode(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaConsumer<String, String> atEnd(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                EdgeTestResources.kafkaBootstrap(), "enable.auto.commit", false), new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private final Map<String, ConsumerRecord<String, String>> seen = new java.util.concurrent.ConcurrentHashMap<>();

    /** The ack records keyed by these event ids, once all have arrived (20 s at most). */
    private Map<String, ConsumerRecord<String, String>> awaitRecord(KafkaConsumer<String, String> consumer,
            String... eventIds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen.keySet().containsAll(List.of(eventIds))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("acks seen: " + seen.keySet() + ", wanted " + List.of(eventIds));
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key() != null && List.of(eventIds).contains(record.key())) {
                    seen.put(record.key(), record);
                }
            }
        }
        return seen;
    }
}
