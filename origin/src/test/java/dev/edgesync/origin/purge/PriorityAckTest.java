package dev.edgesync.origin.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.Eventually;
import dev.edgesync.origin.RealServersTestResource;
import dev.edgesync.origin.persistence.EventAck;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A critical purge's ack (header {@code edgesync-lane: priority}) is stored while the main ack consumer is stuck on
 * an earlier ack of the same partition. The stall is real: an open transaction holds the row the earlier ack inserts.
 */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class PriorityAckTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPriorityAckIsStoredWhileTheMainAckConsumerIsHeldUp() throws Exception {
        String blocker = "blocker-" + UUID.randomUUID();
        String normal = "normal-" + UUID.randomUUID();
        String critical = "critical-" + UUID.randomUUID();
        try (Connection holder = dataSource.getConnection();
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        RealServersTestResource.kafkaBootstrap()), new StringSerializer(), new StringSerializer())) {
            holder.setAutoCommit(false);
            try (PreparedStatement insert = holder.prepareStatement(
                    "insert into event_ack (event_id, region, applied_at, instance) values (?, 'us-east', 1, 'holder')")) {
                insert.setString(1, blocker);
                insert.executeUpdate();
            }
            try {
                // one partition (the blocker's key): the main consumer must store the blocker's ack before the others
                producer.send(new ProducerRecord<>(Topics.ACKS, blocker,
                        EventCodec.encode(InvalidationAck.of(blocker, "us-east", 2, "e1")))).get();
                producer.send(new ProducerRecord<>(Topics.ACKS, blocker,
                        EventCodec.encode(InvalidationAck.of(normal, "us-east", 3, "e1")))).get();
                ProducerRecord<String, String> priority = new ProducerRecord<>(Topics.ACKS, blocker,
                        EventCodec.encode(InvalidationAck.of(critical, "us-east", 4, "e1")));
                priority.headers().add("edgesync-lane", "priority".getBytes(StandardCharsets.UTF_8));
                producer.send(priority).get();

                Eventually.until(Duration.ofSeconds(20), "the critical ack stored", () -> stored(critical));
                assertEquals(false, stored(normal), "the main consumer is still held by the blocker's ack");
            } finally {
                holder.rollback();
            }
        }
        Eventually.until(Duration.ofSeconds(30), "the held acks stored once the row is free",
                () -> stored(normal) && stored(blocker));
    }

    private static boolean stored(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !EventAck.forEvent(eventId).isEmpty());
    }
}
