package dev.edgesync.origin.persistence;

import static dev.edgesync.origin.Api.problem;
import static dev.edgesync.origin.Api.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.Topics;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.origin.Api;
import dev.edgesync.origin.Eventually;
import dev.edgesync.origin.KafkaTopics;
import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running origin (issue 10, {@code postgres-restart}): a write or a purge fails cleanly (503
 * problem+json with Retry-After, nothing acknowledged), and an edge's ack that arrives meanwhile is stored once
 * PostgreSQL is back, never dropped.
 */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class DatabaseOutageTest {

    @Test
    void aWriteDuringTheOutageIs503AndAnAckArrivingMeanwhileIsKept() throws Exception {
        int id = Api.create(Api.slug(), List.of("outage"));
        Eventually.until(Duration.ofSeconds(10), "the create event to be published", () -> Boolean.TRUE.equals(
                given().get("/api/content/" + id + "/propagation").then().extract().path("published")));
        String eventId = given().get("/api/content/" + id + "/propagation").then().extract().path("eventId");

        var postgres = LocalServers.shared().postgres();
        postgres.stop();
        try {
            problem(writer().contentType(ContentType.JSON).body(Map.of("title", "during the outage"))
                    .when().put("/api/content/" + id).then(), 503);
            writer().contentType(ContentType.JSON).body(Map.of("title", "during the outage"))
                    .when().put("/api/content/" + id).then()
                    .statusCode(503).header("Retry-After", notNullValue())
                    .body("type", equalTo("https://edgesync.dev/problems/database-unavailable"));
            given().auth().oauth2("test-purge-token").contentType(ContentType.JSON)
                    .body(Map.of("keys", List.of("/api/content/" + id)))
                    .when().post("/api/purge").then()
                    .statusCode(503).header("Retry-After", notNullValue())
                    .body("type", equalTo("https://edgesync.dev/problems/database-unavailable"));
            KafkaTopics.send(Topics.ACKS, eventId,
                    EventCodec.encode(InvalidationAck.of(eventId, "us-east", System.currentTimeMillis(), "edge-1")));
            Thread.sleep(1_500); // the ack reaches the origin while PostgreSQL is still down
        } finally {
            postgres.start();
        }
        Eventually.until(Duration.ofSeconds(30), "the ack from the outage to be stored", () -> "applied".equals(
                given().get("/api/content/" + id + "/propagation").then().extract().path("regions.us-east.status")));
        Eventually.until(Duration.ofSeconds(30), "writes to succeed again", () -> writer()
                .contentType(ContentType.JSON).body(Map.of("title", "after the outage"))
                .when().put("/api/content/" + id).then().extract().statusCode() == 200);
        given().get("/api/content/" + id).then().statusCode(200).body("title", equalTo("after the outage"));
    }

    @Test
    void connectionFailuresAreOutagesOtherFailuresAreNot() {
        assertTrue(DatabaseOutage.is(new RuntimeException(new SQLTransientConnectionException("refused"))));
        assertTrue(DatabaseOutage.is(new IllegalStateException(new SQLException("connection lost", "08006"))));
        assertTrue(DatabaseOutage.is(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseOutage.is(new RuntimeException(new SQLException(
                "Acquisition timeout while waiting for new connection"))));
        assertFalse(DatabaseOutage.is(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseOutage.is(new IllegalArgumentException("bad input")));
    }
}
