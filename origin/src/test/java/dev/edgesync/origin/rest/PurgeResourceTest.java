package dev.edgesync.origin.rest;

import static dev.edgesync.origin.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationAck;
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
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class PurgeResourceTest {
    private static final String TOKEN = "test-purge-token";

    @Test
    void purgeWithoutOrWithAWrongTokenIs401WithAChallenge() {
        long outboxBefore = outboxCount();
        Map<String, Object> body = Map.of("keys", List.of("/api/content/1"));
        for (RequestSpecification request : List.of(given(), given().auth().oauth2("wrong"),
                given().header("Authorization", "Basic " + TOKEN), given().auth().oauth2(TOKEN + "x"))) {
            ValidatableResponse response = request.contentType(ContentType.JSON).body(body)
                    .when().post("/api/purge").then();
            problem(response, 401);
            response.header("WWW-Authenticate", notNullValue());
        }
        problem(given().when().get("/api/purge/whatever").then(), 401);
        assertEquals(outboxBefore, outboxCount());
    }

    @Test
    void purgeIsAcceptedPublishedAndAppliedOnceEveryRegionAcknowledges() {
        // a critical purge travels in the priority lane
        try (KafkaConsumer<String, String> events = KafkaTopics.consumer(Topics.PRIORITY_INVALIDATIONS)) {
            String id = authorized().contentType(ContentType.JSON)
                    .body(Map.of("keys", List.of("/api/content/7"), "tags", List.of("news"),
                            "prefixes", List.of("/api/content/"), "mode", "hard", "priority", "critical"))
                    .when().post("/api/purge")
                    .then().statusCode(202)
                    .header("Location", notNullValue())
                    .body("id", notNullValue(), "status", equalTo("pending"),
                            "regions.us-east.status", equalTo("pending"), "regions.eu-west.status", equalTo("pending"))
                    .extract().path("id");

            List<ConsumerRecord<String, String>> published = KafkaTopics.collect(events,
                    r -> r.value().contains(id), Duration.ofSeconds(5));
            assertEquals(1, published.size(), "one purge event on " + Topics.PRIORITY_INVALIDATIONS);
            assertEquals("/api/content/7", published.get(0).key());
            InvalidationEvent event = decode(published.get(0).value());
            assertEquals(id, event.id());
            assertEquals(EventKind.PURGE, event.kind());
            assertEquals(PurgeMode.HARD, event.mode());
            assertEquals(Priority.CRITICAL, event.priority());
            assertEquals(List.of("/api/content/"), event.prefixes());
            assertEquals(0, event.version());

            authorized().when().get("/api/purge/" + id)
                    .then().statusCode(200)
                    .body("status", equalTo("pending"), "keys", contains("/api/content/7"), "tags", contains("news"),
                            "mode", equalTo("hard"), "priority", equalTo("critical"), "createdAt", notNullValue());

            // An unreadable ack must be skipped without stopping the consumer.
            KafkaTopics.send(Topics.ACKS, id, "{not json");
            KafkaTopics.send(Topics.ACKS, id, "{\"schema\": 99, \"eventId\": \"" + id + "\"}");
            long appliedAt = event.issuedAt() + 40;
            KafkaTopics.send(Topics.ACKS, id, EventCodec.encode(InvalidationAck.of(id, "us-east", appliedAt, "edge-1")));
            Eventually.until(Duration.ofSeconds(10), "the us-east ack", () -> "applied".equals(
                    authorized().get("/api/purge/" + id).then().extract().path("regions.us-east.status")));
            authorized().when().get("/api/purge/" + id)
                    .then().body("status", equalTo("pending"),
                            "regions.us-east.appliedAt", equalTo(appliedAt),
                            "regions.us-east.latencyMs", is(40),
                            "regions.eu-west.status", equalTo("pending"),
                            "regions.eu-west.appliedAt", nullValue());

            // The same region acknowledging again changes nothing.
            KafkaTopics.send(Topics.ACKS, id, EventCodec.encode(InvalidationAck.of(id, "us-east", appliedAt + 500, "edge-2")));
            KafkaTopics.send(Topics.ACKS, id, EventCodec.encode(InvalidationAck.of(id, "eu-west", appliedAt + 100, "edge-3")));
            Eventually.until(Duration.ofSeconds(10), "the purge to be completed", () -> "completed".equals(
                    authorized().get("/api/purge/" + id).then().extract().path("status")));
            authorized().when().get("/api/purge/" + id)
                    .then().body("regions.us-east.appliedAt", equalTo(appliedAt),
                            "regions.eu-west.latencyMs", greaterThanOrEqualTo(140));
        }
    }

    @Test
    void acceptedPurgeHasALocationToPollAndDefaults() {
        String location = authorized().contentType(ContentType.JSON).body(Map.of("tags", List.of("tech")))
                .when().post("/api/purge")
                .then().statusCode(202).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        authorized().when().get(location).then().statusCode(200)
                .body("id", equalTo(id), "mode", equalTo("default"), "priority", equalTo("normal"));
        assertEquals(true, location.endsWith("/api/purge/" + id));
    }

    @Test
    void invalidPurgesAre400AndStoreNothing() {
        long outboxBefore = outboxCount();
        List<Object> bodies = List.of(
                Map.of(),
                Map.of("keys", List.of()),
                Map.of("keys", List.of("no-slash")),
                Map.of("prefixes", List.of("/with?query")),
                Map.of("prefixes", List.of("/img/*.png")),
                Map.of("prefixes", List.of("/bad%zz/")),
                Map.of("prefixes", List.of("no-leading/")),
                Map.of("tags", List.of("has space")),
                Map.of("tags", List.of("x".repeat(2049))),
                Map.of("tags", Collections.nCopies(1001, "t")),
                Map.of("keys", Collections.nCopies(600, "/a"), "tags", Collections.nCopies(401, "t")),
                Map.of("tags", List.of("t"), "mode", "gentle"),
                Map.of("tags", List.of("t"), "priority", "urgent"),
                "{\"tags\": [");
        for (Object body : bodies) {
            problem(authorized().contentType(ContentType.JSON).body(body).when().post("/api/purge").then(), 400);
        }
        assertEquals(outboxBefore, outboxCount());
    }

    @Test
    void prefixesAreCanonicalisedLikeTheEdgesCacheKeysAndEndAtASegmentBoundary() {
        String id = authorized().contentType(ContentType.JSON)
                .body(Map.of("prefixes", List.of("/api/content/6", "/api/%63ontent/x/../6/", "/img/"),
                        "keys", List.of("/api/content/%37?a=1")))
                .when().post("/api/purge")
                .then().statusCode(202)
                .body("prefixes", contains("/api/content/6/", "/img/"), "keys", contains("/api/content/7?a=1"),
                        "progress.regions", is(2), "progress.pending", is(2), "deadline", notNullValue())
                .extract().path("id");
        authorized().when().get("/api/purge?since=" + (System.currentTimeMillis() - 60_000))
                .then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
        problem(authorized().when().get("/api/purge?since=yesterday").then(), 400);
    }

    @Test
    void anIdenticalPendingPurgeReturnsTheExistingIdAndWritesNoSecondEvent() {
        long before = outboxCount();
        String first = submit(Map.of("tags", List.of("dedup-x", "dedup-y"), "prefixes", List.of("/dedup/1")));
        String same = submit(Map.of("prefixes", List.of("/dedup/%31/"), "tags", List.of("dedup-y", "dedup-x")));
        assertEquals(first, same, "the same targets in another order and spelling are the same purge");
        assertEquals(before + 1, outboxCount());
        String hard = submit(Map.of("tags", List.of("dedup-x", "dedup-y"), "prefixes", List.of("/dedup/1"),
                "mode", "hard"));
        org.junit.jupiter.api.Assertions.assertNotEquals(first, hard, "another mode is another purge");

        // once a region has applied it, the same purge again is a new purge (content may have been cached since)
        long issuedAt = authorized().get("/api/purge/" + first).then().extract().jsonPath().getLong("createdAt");
        KafkaTopics.send(Topics.ACKS, first, EventCodec.encode(InvalidationAck.of(first, "us-east", issuedAt + 5, "e")));
        Eventually.until(Duration.ofSeconds(10), "the ack", () -> "applied".equals(
                authorized().get("/api/purge/" + first).then().extract().path("regions.us-east.status")));
        org.junit.jupiter.api.Assertions.assertNotEquals(first,
                submit(Map.of("tags", List.of("dedup-x", "dedup-y"), "prefixes", List.of("/dedup/1"))));
    }

    @jakarta.inject.Inject
    dev.edgesync.origin.purge.PurgeService service;

    @Test
    void purgesArrivingTogetherArePublishedAsOneEventAndEachCompletesWithIt() {
        try (KafkaConsumer<String, String> events = KafkaTopics.consumer(Topics.INVALIDATIONS)) {
            // two purges before the relay can take the first one's row: the second joins its event
            String tag = "batch-" + java.util.UUID.randomUUID();
            String key = "/batch/" + java.util.UUID.randomUUID();
            String[] ids = QuarkusTransaction.requiringNew().call(() -> new String[] {
                    service.submit(new dev.edgesync.origin.purge.PurgeRequest(null, List.of(tag), null, null, null)).id(),
                    service.submit(new dev.edgesync.origin.purge.PurgeRequest(List.of(key), null, null, null, null)).id() });
            org.junit.jupiter.api.Assertions.assertNotEquals(ids[0], ids[1]);
            List<ConsumerRecord<String, String>> published = KafkaTopics.collect(events,
                    r -> r.value().contains(tag) || r.value().contains(key), Duration.ofSeconds(5));
            assertEquals(1, published.size(), "one event for both purges: " + published);
            InvalidationEvent event = decode(published.get(0).value());
            assertEquals(ids[0], event.id());
            assertEquals(List.of(tag), event.tags());
            assertEquals(List.of(key), event.keys());
            for (String region : List.of("us-east", "eu-west")) {
                KafkaTopics.send(Topics.ACKS, event.id(),
                        EventCodec.encode(InvalidationAck.of(event.id(), region, event.issuedAt() + 10, "e")));
            }
            for (String id : ids) {
                Eventually.until(Duration.ofSeconds(10), "purge " + id + " to complete", () -> "completed".equals(
                        authorized().get("/api/purge/" + id).then().extract().path("status")));
            }
            authorized().get("/api/purge/" + ids[1]).then().body("keys", contains(key),
                    "regions.us-east.status", equalTo("applied"));
        }
    }

    private static String submit(Map<String, Object> body) {
        return authorized().contentType(ContentType.JSON).body(body).when().post("/api/purge")
                .then().statusCode(202).extract().path("id");
    }

    @Test
    void patternsAreCanonicalisedAndCheckedAndAllIsThePrefixSlash() {
        authorized().contentType(ContentType.JSON)
                .body(Map.of("patterns", List.of("/img/*.png", "/api/%63ontent/./*")))
                .when().post("/api/purge")
                .then().statusCode(202).body("patterns", contains("/img/*.png", "/api/content/*"));
        authorized().contentType(ContentType.JSON).body(Map.of("all", true, "mode", "hard"))
                .when().post("/api/purge")
                .then().statusCode(202).body("prefixes", contains("/"));
        for (String bad : List.of("img/*.png", "/a/*?x", "/" + "*/".repeat(9))) {
            problem(authorized().contentType(ContentType.JSON).body(Map.of("patterns", List.of(bad)))
                    .when().post("/api/purge").then(), 400);
        }
        ValidatableResponse tooMany = authorized().contentType(ContentType.JSON)
                .body(Map.of("patterns", Collections.nCopies(1001, "/a/*"))).when().post("/api/purge").then();
        problem(tooMany, 400);
        tooMany.body("type", endsWith("/too-many-targets"));
    }

    @Test
    void aPurgeByAServedHostnamePurgesEverythingAndAnUnknownHostIsRefused() {
        // the edges key by path only (one deployment, one site): a served host is everything, the prefix /
        authorized().contentType(ContentType.JSON).body(Map.of("hosts", List.of("WWW.Example.com."), "mode", "hard"))
                .when().post("/api/purge")
                .then().statusCode(202).body("hosts", contains("www.example.com"), "prefixes", contains("/"));
        long outboxBefore = outboxCount();
        for (String host : List.of("exmaple.com", "example.com:8080", "-bad-.example.com")) {
            ValidatableResponse refused = authorized().contentType(ContentType.JSON)
                    .body(Map.of("hosts", List.of(host))).when().post("/api/purge").then();
            problem(refused, 400);
            refused.body("type", endsWith("/unknown-host"));
        }
        assertEquals(outboxBefore, outboxCount(), "a refused host purge must purge nothing");
    }

    @Test
    void unknownPurgeIs404() {
        problem(authorized().when().get("/api/purge/00000000-0000-0000-0000-000000000000").then(), 404);
    }

    private static RequestSpecification authorized() {
        return given().auth().oauth2(TOKEN);
    }

    private static long outboxCount() {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEntry.count());
    }

    private static InvalidationEvent decode(String json) {
        try {
            return EventCodec.decodeEvent(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPurgeWhoseEventIsLargerThanTheEventLimitIs413AndWritesNothing() {
        long outboxBefore = outboxCount();
        // 20 tags of 2,000 characters: every entry is valid, the event (over 40 KB) is not, with the test profile's
        // 32 KiB limit.
        List<String> tags = java.util.stream.IntStream.range(0, 20).mapToObj(i -> i + "-" + "t".repeat(2000)).toList();
        ValidatableResponse response = authorized().contentType(ContentType.JSON).body(Map.of("tags", tags))
                .when().post("/api/purge").then();
        problem(response, 413);
        response.body("type", endsWith("/event-too-large"));
        assertEquals(outboxBefore, outboxCount());
    }

    @Test
    void controlCharactersInPurgeEntriesAre400AndAnOddIdIsNotA500() {
        long outboxBefore = outboxCount();
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("keys", List.of("/api/a\u0000b")),
                Map.of("tags", List.of("news\u0000")), Map.of("prefixes", List.of("/api/\u0001/")),
                Map.of("keys", List.of("/api/a\tb")))) {
            problem(authorized().contentType(ContentType.JSON).body(body).when().post("/api/purge").then(), 400);
        }
        assertEquals(outboxBefore, outboxCount());
        for (String id : List.of("%00", "%01abc", "x".repeat(300), "%E2%80%AE")) {
            ValidatableResponse response = authorized().urlEncodingEnabled(false).when().get("/api/purge/" + id).then();
            int status = response.extract().statusCode();
            org.junit.jupiter.api.Assertions.assertTrue(status == 400 || status == 404, id + " gave " + status);
            problem(response, status);
        }
    }
}
