package dev.edgesync.origin.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.Eventually;
import dev.edgesync.origin.KafkaTopics;
import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A region that never acknowledges makes a purge partial or failed after the deadline, with the reason. */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
@TestProfile(ShortDeadlineLowLimits.class)
class PurgeDeadlineTest {

    @Test
    void aRegionThatNeverAcknowledgesFailsAfterTheDeadlineAndThePurgeIsPartial() {
        String id = submit(Map.of("tags", List.of("deadline-partial")));
        long issuedAt = given().auth().oauth2("test-purge-token").get("/api/purge/" + id).then().extract()
                .jsonPath().getLong("createdAt");
        KafkaTopics.send(Topics.ACKS, id, EventCodec.encode(InvalidationAck.of(id, "us-east", issuedAt + 30, "e1")));
        Eventually.until(Duration.ofSeconds(30), "the us-east ack", () -> "applied".equals(
                authorized().get("/api/purge/" + id).then().extract().path("regions.us-east.status")));

        Eventually.until(Duration.ofSeconds(30), "the deadline to pass", () -> !"pending".equals(
                authorized().get("/api/purge/" + id).then().extract().path("status")));
        authorized().get("/api/purge/" + id).then()
                .body("status", equalTo("partial"),
                        "progress.applied", is(1), "progress.failed", is(1), "progress.pending", is(0),
                        "regions.us-east.status", equalTo("applied"),
                        "regions.eu-west.status", equalTo("failed"),
                        "regions.eu-west.appliedAt", nullValue(),
                        "regions.eu-west.error", containsString("no acknowledgement within 3000 ms"));
    }

    @Test
    void aPurgeNoRegionAcknowledgesFailsAndALateAckStillCounts() {
        String id = submit(Map.of("tags", List.of("deadline-failed")));
        Eventually.until(Duration.ofSeconds(30), "the deadline to pass", () -> "failed".equals(
                authorized().get("/api/purge/" + id).then().extract().path("status")));
        long issuedAt = authorized().get("/api/purge/" + id).then().extract().jsonPath().getLong("createdAt");
        KafkaTopics.send(Topics.ACKS, id, EventCodec.encode(InvalidationAck.of(id, "us-east", issuedAt + 3500, "e1")));
        KafkaTopics.send(Topics.ACKS, id, EventCodec.encode(InvalidationAck.of(id, "eu-west", issuedAt + 3600, "e2")));
        Eventually.until(Duration.ofSeconds(30), "the late acks", () -> "completed".equals(
                authorized().get("/api/purge/" + id).then().extract().path("status")));
    }

    private static String submit(Map<String, Object> body) {
        return authorized().contentType(ContentType.JSON).body(body).when().post("/api/purge")
                .then().statusCode(202).body("status", equalTo("pending")).extract().path("id");
    }

    private static RequestSpecification authorized() {
        return given().auth().oauth2("test-purge-token");
    }
}
