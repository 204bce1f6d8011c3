package dev.edgesync.origin.console;

import static dev.edgesync.origin.Api.problem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationAck;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.Api;
import dev.edgesync.origin.Eventually;
import dev.edgesync.origin.KafkaTopics;
import dev.edgesync.origin.RealServersTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class ConsoleResourceTest {

    @TestHTTPResource("/console/api/stream")
    URI stream;

    @Test
    void aWriteIsOnTheTimelineThenEachRegionsAcknowledgementThenPublication() {
        int id = Api.create(Api.slug(), List.of("console"));
        String path = "changes.find { it.contentId == " + id + " }";
        Eventually.until(Duration.ofSeconds(10), "the create on the timeline", () -> state().get(path) != null);
        JsonPath created = state();
        assertEquals("content-updated", created.getString(path + ".kind"));
        assertEquals(1, created.getInt(path + ".version"));
        assertEquals("pending", created.getString(path + ".status"));
        String eventId = created.getString(path + ".eventId");

        long appliedAt = created.getLong(path + ".issuedAt") + 120;
        KafkaTopics.send(Topics.ACKS, eventId, EventCodec.encode(InvalidationAck.of(eventId, "us-east", appliedAt, "e1")));
        Eventually.until(Duration.ofSeconds(10), "us-east applied on the timeline",
                () -> state().get(path + ".regions.'us-east'.appliedAt") != null);
        JsonPath applied = state();
        assertEquals(appliedAt, applied.getLong(path + ".regions.'us-east'.appliedAt"));
        assertEquals("e1", applied.getString(path + ".regions.'us-east'.appliedBy"));
        assertNull(applied.get(path + ".regions.'eu-west'.appliedAt"));
        Eventually.until(Duration.ofSeconds(10), "published", () -> state().get(path + ".publishedAt") != null);
        assertEquals(120L, state().getLong("regions.find { it.region == 'us-east' }.lag.lastMs"));
    }

    @Test
    void theStreamStartsWithTheSnapshot() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("data:")) {
                // skip comments and blank lines
            }
            assertTrue(line != null, "no event");
            JsonPath first = JsonPath.from(line.substring(5).trim());
            assertEquals("snapshot", first.getString("type"));
            assertEquals(List.of("us-east", "eu-west"), first.getList("regions.region"));
        }
    }

    @Test
    void aRegionSettingsChangeForARegionWithoutAnEdgeUrlIs404() {
        problem(given().contentType(ContentType.JSON).body(Map.of("strategy", "eager"))
                .when().put("/console/api/regions/nowhere").then(), 404);
    }

    @Test
    void thePageIsServed() {
        given().when().get("/console/").then().statusCode(200).contentType(ContentType.HTML);
        given().when().get("/console/console.js").then().statusCode(200);
    }

    private static JsonPath state() {
        return given().when().get("/console/api/state").then().statusCode(200).extract().jsonPath();
    }
}
