package dev.edgesync.origin.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.KafkaTopics;
import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class HeartbeatTest {
    private static final long CONTENT_ID = 8_675_309;

    @Inject
    Outbox outbox;

    @Test
    void everyPartitionGetsHeartbeatsAtMost200MsApartAndNoneClaimsAnEventThatIsNotBeforeIt() throws Exception {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = KafkaTopics.consumerAtEnd(Topics.INVALIDATIONS)) {
            int partitions = consumer.assignment().size();
            java.util.Set<Integer> warm = new java.util.HashSet<>();
            long warmUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (warm.size() < partitions && System.nanoTime() < warmUp) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> warm.add(r.partition()));
            }
            // A write whose transaction stays open 600 ms after it took its issuedAt: heartbeats sent meanwhile must
            // not be stamped at or after that issuedAt, since the event reaches Kafka only after the commit.
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.append(InvalidationEvent.contentChanged(EventKind.CONTENT_UPDATED, "/api/content/" + CONTENT_ID,
                        List.of("content-list"), System.nanoTime(), outbox.issuedAt()), CONTENT_ID);
                sleep(600);
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new TreeMap<>();
            records.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
            assertEquals(partitions, byPartition.size(), "heartbeats on every partition");

            String key = "/api/content/" + CONTENT_ID;
            ConsumerRecord<String, String> event = records.stream().filter(r -> key.equals(r.key()))
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("the slow write's event was published"));
            long issuedAt = decode(event.value()).issuedAt();
            boolean heartbeatAfter = false;
            for (ConsumerRecord<String, String> r : byPartition.get(event.partition())) {
                InvalidationEvent e = decode(r.value());
                if (e.heartbeat() && r.offset() < event.offset()) {
                    assertTrue(e.issuedAt() < issuedAt, "a heartbeat before the event on its partition is stamped "
                            + e.issuedAt() + ", not before the event's issuedAt " + issuedAt);
                }
                heartbeatAfter |= e.heartbeat() && r.offset() > event.offset() && e.issuedAt() >= issuedAt;
            }
            assertTrue(heartbeatAfter, "heartbeats move past the event once it is published");

            // At least one heartbeat per 200 ms on every partition over the 2.6 s watched. The largest gap is printed,
            // not asserted: on a loaded 2-core machine the JVM may be descheduled for longer than that.
            for (var entry : byPartition.entrySet()) {
                List<Long> times = entry.getValue().stream().filter(r -> decode(r.value()).heartbeat())
                        .map(ConsumerRecord::timestamp).toList();
                long watched = times.get(times.size() - 1) - times.get(0);
                assertTrue(times.size() - 1 >= watched / 200 && watched >= 2_000, "partition " + entry.getKey() + ": "
                        + times.size() + " heartbeats over " + watched + " ms");
                long maxGap = 0;
                for (int i = 1; i < times.size(); i++) {
                    maxGap = Math.max(maxGap, times.get(i) - times.get(i - 1));
                }
                System.out.printf("partition %d: %d heartbeats over %d ms, largest gap %d ms%n", entry.getKey(),
                        times.size(), watched, maxGap);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InvalidationEvent decode(String json) {
        try {
            return EventCodec.decodeEvent(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
