package dev.edgesync.origin.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Priority;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.Eventually;
import dev.edgesync.origin.KafkaTopics;
import dev.edgesync.origin.RealServersTestResource;
import dev.edgesync.origin.persistence.OutboxEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;

/**
 * The outbox's priority lane: a critical purge is published while the relay's main lane is stuck behind a backlog of
 * normal rows it cannot get acknowledged. The stall is real: the broker throttles the main lane's producer (a client
 * quota on its client id), as a saturated or slow broker connection would.
 */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class PriorityLaneTest {
    private static final String MAIN_LANE_CLIENT = "edgesync-origin-outbox";
    private static final int BACKLOG = 400;

    @Test
    void aCriticalPurgeIsPublishedWhileTheMainLaneIsStuckBehindNormalRows() throws Exception {
        String tag = "backlog-" + UUID.randomUUID();
        ClientQuotaEntity mainLane = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, MAIN_LANE_CLIENT));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServersTestResource.kafkaBootstrap()));
                KafkaConsumer<String, String> priority = KafkaTopics.consumerAtEnd(Topics.PRIORITY_INVALIDATIONS)) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(mainLane,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 256.0))))).all().get();
            try {
                // normal purge events, 2 KB each: far more than the throttled main lane gets acknowledged in seconds
                String padding = "x".repeat(2000);
                QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = 0; i < BACKLOG; i++) {
                        InvalidationEvent event = InvalidationEvent.purge(UUID.randomUUID().toString(),
                                List.of("/backlog/" + i), List.of(tag + "-" + padding), List.of(), PurgeMode.DEFAULT,
                                Priority.NORMAL, System.currentTimeMillis());
                        OutboxEntry entry = new OutboxEntry();
                        entry.eventId = event.id();
                        entry.topic = event.topic();
                        entry.partitionKey = event.partitionKey();
                        entry.payload = EventCodec.encode(event);
                        entry.createdAt = Instant.now();
                        entry.persist();
                    }
                });
                Eventually.until(Duration.ofSeconds(10), "the main lane to hold a batch of the backlog",
                        () -> heldByTheRelay(tag) > 0);

                String id = given().auth().oauth2("test-purge-token").contentType(ContentType.JSON)
                        .body(Map.of("tags", List.of("lane-" + UUID.randomUUID()), "priority", "critical"))
                        .when().post("/api/purge").then().statusCode(202).extract().path("id");

                // the main lane waits up to edgesync.outbox.send-timeout (10 s) for its batch, then meets the
                // throttle again: a critical purge queued behind it would not be out within this bound
                List<ConsumerRecord<String, String>> published = KafkaTopics.collect(priority,
                        r -> r.value().contains(id), Duration.ofSeconds(6));
                assertEquals(1, published.size(), "the critical purge is published while normal rows are stuck");
                long stillUnsent = unsentBacklog(tag);
                assertTrue(stillUnsent > BACKLOG / 2, "published ahead of the normal backlog (" + stillUnsent
                        + " of " + BACKLOG + " normal rows still unsent)");
            } catch (AssertionError | RuntimeException e) {
                // later tests start without this backlog
                QuarkusTransaction.requiringNew().run(() -> OutboxEntry.update(
                        "sentAt = ?1 where sentAt is null and payload like ?2", Instant.now(), "%" + tag + "%"));
                throw e;
            } finally {
                admin.alterClientQuotas(List.of(new ClientQuotaAlteration(mainLane,
                        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", null))))).all().get();
            }
            // and the main lane recovers once the broker stops throttling it
            Eventually.until(Duration.ofSeconds(60), "the backlog to drain", () -> unsentBacklog(tag) == 0);
        }
    }

    /** Unsent backlog rows locked by a relay batch in flight (it selects them FOR UPDATE SKIP LOCKED). */
    private static long heldByTheRelay(String tag) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long free = ((Number) OutboxEntry.getEntityManager().createNativeQuery(
                    "select count(*) from (select id from outbox where sent_at is null and payload like ?1"
                            + " for update skip locked) f").setParameter(1, "%" + tag + "%").getSingleResult())
                    .longValue();
            return unsentBacklog(tag) - free;
        });
    }

    private static long unsentBacklog(String tag) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntry.count(
                "sentAt is null and payload like ?1", "%" + tag + "%"));
    }
}
