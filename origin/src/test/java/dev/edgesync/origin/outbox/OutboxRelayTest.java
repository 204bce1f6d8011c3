package dev.edgesync.origin.outbox;

import static dev.edgesync.origin.Api.create;
import static dev.edgesync.origin.Api.slug;
import static dev.edgesync.origin.Api.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.InvalidationEvent;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class OutboxRelayTest {

    @Test
    void anUpdatePublishesExactlyOneEventKeyedByTheCacheKeyWithTheNewVersion() throws Exception {
        int id = create(slug(), List.of("news"));
        String key = "/api/content/" + id;
        try (KafkaConsumer<String, String> events = KafkaTopics.consumer(Topics.INVALIDATIONS)) {
            long before = System.currentTimeMillis();
            writer().contentType(ContentType.JSON).body(Map.of("title", "v2"))
                    .when().put(key).then().statusCode(200);
            long after = System.currentTimeMillis();

            List<ConsumerRecord<String, String>> published = KafkaTopics.collect(events,
                    r -> key.equals(r.key()), Duration.ofSeconds(5));
            List<InvalidationEvent> decoded = published.stream().map(r -> decode(r.value())).toList();
            assertEquals(List.of(1L, 2L), decoded.stream().map(InvalidationEvent::version).toList(),
                    "the create then the update, each once");
            InvalidationEvent update = decoded.get(1);
            assertEquals(EventKind.CONTENT_UPDATED, update.kind());
            assertEquals(List.of(key), update.keys());
            assertEquals(List.of("content-list"), update.tags());
            assertTrue(update.issuedAt() >= before && update.issuedAt() <= after, "issuedAt taken during the write");

            writer().when().delete(key).then().statusCode(204);
            List<ConsumerRecord<String, String>> deleted = KafkaTopics.collect(events,
                    r -> key.equals(r.key()), Duration.ofSeconds(3));
            assertEquals(1, deleted.size());
            InvalidationEvent delete = decode(deleted.get(0).value());
            assertEquals(EventKind.CONTENT_DELETED, delete.kind());
            assertEquals(3, delete.version(), "a delete carries the last version plus one");
        }
        Eventually.until(Duration.ofSeconds(5), "the outbox rows to be marked sent", () -> QuarkusTransaction
                .requiringNew().call(() -> OutboxEntry.count("partitionKey = ?1 and sentAt is null", key) == 0));
    }

    @Test
    void theSweepPublishesRowsNobodyWokeTheRelayFor() {
        // A row committed without the after-commit wake-up, as after a crash between commit and publish.
        InvalidationEvent event = InvalidationEvent.contentChanged(EventKind.CONTENT_UPDATED, "/api/content/424242",
                List.of("content-424242", "content-list"), 9, System.currentTimeMillis());
        try (KafkaConsumer<String, String> events = KafkaTopics.consumer(Topics.INVALIDATIONS)) {
            QuarkusTransaction.requiringNew().run(() -> {
                OutboxEntry entry = new OutboxEntry();
                entry.eventId = event.id();
                entry.topic = Topics.INVALIDATIONS;
                entry.partitionKey = event.partitionKey();
                entry.payload = EventCodec.encode(event);
                entry.createdAt = Instant.now();
                entry.persist();
            });
            List<ConsumerRecord<String, String>> published = KafkaTopics.collect(events,
                    r -> r.value().contains(event.id()), Duration.ofSeconds(5));
            assertEquals(1, published.size());
            assertEquals("/api/content/424242", published.get(0).key());
        }
        OutboxEntry sent = QuarkusTransaction.requiringNew().call(() -> OutboxEntry.find("eventId", event.id()).firstResult());
        assertNotNull(sent.sentAt);
    }

    @Test
    void propagationOfAContentUpdateFollowsTheRegionsAcknowledgements() {
        int id = create(slug(), List.of());
        writer().contentType(ContentType.JSON).body(Map.of("body", "v2")).when().put("/api/content/" + id)
                .then().statusCode(200);
        String path = "/api/content/" + id + "/propagation";
        Eventually.until(Duration.ofSeconds(5), "the update to be published",
                () -> Boolean.TRUE.equals(given().get(path).then().statusCode(200).extract().path("published")));
        String eventId = given().when().get(path).then()
                .body("version", is(2), "kind", equalTo("content-updated"), "status", equalTo("pending"),
                        "regions.us-east.status", equalTo("pending"))
                .extract().path("eventId");
        long issuedAt = given().get(path).then().extract().<Number>path("issuedAt").longValue();
        for (String region : List.of("us-east", "eu-west")) {
            KafkaTopics.send(Topics.ACKS, eventId, EventCodec.encode(InvalidationAck.of(eventId, region, issuedAt + 5, "i")));
        }
        Eventually.until(Duration.ofSeconds(10), "both regions to acknowledge",
                () -> "completed".equals(given().get(path).then().extract().path("status")));
        given().when().get(path).then().body("regions.eu-west.latencyMs", is(5));
        given().when().get("/api/content/999999999/propagation").then().statusCode(404);
    }

    @Test
    void metricsExposeThePublishedCounterAndThePendingGauge() {
        create(slug(), List.of());
        Eventually.until(Duration.ofSeconds(5), "a published outbox event", () -> QuarkusTransaction.requiringNew()
                .call(() -> OutboxEntry.count("sentAt is not null") > 0));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("edgesync_outbox_published_total"))
                .body(containsString("edgesync_outbox_pending"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aRowTheBrokerCanNeverAcceptIsDeadLetteredAndTheNextUpdateIsStillPublished() {
        // Larger than the test profile's producer max.request.size (64 KiB), as a purge accepted before the
        // event size limit existed would be: the broker can never take it, however often it is retried.
        List<String> tags = java.util.stream.IntStream.range(0, 60).mapToObj(i -> i + "-" + "t".repeat(1500)).toList();
        InvalidationEvent poison = InvalidationEvent.purge(java.util.UUID.randomUUID().toString(), List.of(), tags,
                List.of(), dev.edgesync.events.PurgeMode.DEFAULT, dev.edgesync.events.Priority.NORMAL,
                System.currentTimeMillis());
        try (KafkaConsumer<String, String> events = KafkaTopics.consumer(Topics.INVALIDATIONS)) {
            QuarkusTransaction.requiringNew().run(() -> {
                OutboxEntry entry = new OutboxEntry();
                entry.eventId = poison.id();
                entry.topic = Topics.INVALIDATIONS;
                entry.partitionKey = poison.partitionKey();
                entry.payload = EventCodec.encode(poison);
                entry.createdAt = Instant.now();
                entry.persist();
            });
            int id = create(slug(), List.of());
            String key = "/api/content/" + id;
            writer().contentType(ContentType.JSON).body(Map.of("title", "after the poison"))
                    .when().put(key).then().statusCode(200);

            List<ConsumerRecord<String, String>> published = KafkaTopics.collect(events,
                    r -> key.equals(r.key()), Duration.ofSeconds(5));
            assertEquals(List.of(1L, 2L), published.stream().map(r -> decode(r.value()).version()).toList(),
                    "the create and the update behind the poison row are published");
        }
        Eventually.until(Duration.ofSeconds(5), "the poison row to be in the dead-letter table", () -> QuarkusTransaction
                .requiringNew().call(() -> ((Number) OutboxEntry.getEntityManager()
                        .createNativeQuery("select count(*) from outbox_dead_letter where event_id = ?1")
                        .setParameter(1, poison.id()).getSingleResult()).longValue() == 1));
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> OutboxEntry.count("eventId", poison.id())),
                "the poison row left the outbox");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("edgesync_outbox_dead_letters_total"));
        Number deadLetters = given().auth().oauth2("test-purge-token").when().get("/api/outbox/status")
                .then().statusCode(200).extract().path("deadLetters");
        assertTrue(deadLetters.longValue() >= 1, "the status endpoint counts dead letters");
        dev.edgesync.origin.Api.problem(given().when().get("/api/outbox/status").then(), 401);
    }

    private static InvalidationEvent decode(String json) {
        try {
            return EventCodec.decodeEvent(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
