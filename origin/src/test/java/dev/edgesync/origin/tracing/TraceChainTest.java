package dev.edgesync.origin.tracing;

import static dev.edgesync.origin.Api.create;
import static dev.edgesync.origin.Api.slug;
import static dev.edgesync.origin.Api.writer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.Topics;
import dev.edgesync.origin.Eventually;
import dev.edgesync.origin.KafkaTopics;
import dev.edgesync.origin.RealServersTestResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** A write's trace goes from its request through the outbox to the Kafka record every region reads. */
@QuarkusTest
@QuarkusTestResource(RealServersTestResource.class)
class TraceChainTest {
    @Inject
    InMemorySpanExporter spans;

    @Test
    void anUpdateIsPublishedAsASpanOfItsRequestAndCarriesItsTraceparentToKafka() {
        int id = create(slug(), List.of("news"));
        String key = "/api/content/" + id;
        try (KafkaConsumer<String, String> events = KafkaTopics.consumer(Topics.INVALIDATIONS)) {
            writer().contentType(ContentType.JSON).body(Map.of("title", "v2")).when().put(key).then().statusCode(200);
            ConsumerRecord<String, String> record = KafkaTopics.collect(events,
                    r -> key.equals(r.key()) && decode(r).version() == 2, Duration.ofSeconds(5)).get(0);
            String eventId = decode(record).id();
            assertChain(record, eventId, "PUT");
            String traceId = publishSpan(eventId).orElseThrow().getTraceId();
            assertEquals(traceId, given().get("/console/api/state").then().statusCode(200).extract().jsonPath()
                    .getString("changes.find { it.eventId == '" + eventId + "' }.traceId"),
                    "the console's timeline shows the write's trace id");
        }
    }

    @Test
    void aPurgeIsPublishedAsASpanOfItsRequestAndCarriesItsTraceparentToKafka() {
        try (KafkaConsumer<String, String> events = KafkaTopics.consumer(Topics.INVALIDATIONS)) {
            String tag = "trace-" + slug();
            var accepted = given().auth().oauth2("test-purge-token").contentType(ContentType.JSON)
                    .body(Map.of("tags", List.of(tag))).when().post("/api/purge")
                    .then().statusCode(202).extract().jsonPath();
            ConsumerRecord<String, String> record = KafkaTopics.collect(events,
                    r -> r.value().contains(tag), Duration.ofSeconds(5)).get(0);
            String eventId = decode(record).id();
            assertChain(record, eventId, "POST"); // the event's id: purges may share one event
            String traceId = publishSpan(eventId).orElseThrow().getTraceId();
            assertEquals(traceId, accepted.getString("traceId"), "the accepted purge names the trace to look for");
            assertEquals(traceId, given().auth().oauth2("test-purge-token").get("/api/purge/" + accepted.getString("id"))
                    .then().statusCode(200)
                    .extract().jsonPath().getString("traceId"), "the purge status names its trace");
            assertEquals(traceId, given().get("/console/api/state").then().statusCode(200).extract().jsonPath()
                    .getString("changes.find { it.eventId == '" + eventId + "' }.traceId"),
                    "the console's timeline shows the purge's trace id");
        }
    }

    private void assertChain(ConsumerRecord<String, String> record, String eventId, String method) {
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "the record carries a W3C traceparent header");
        String[] traceparent = new String(header.value(), StandardCharsets.UTF_8).split("-");
        Eventually.until(Duration.ofSeconds(5), "the publish span to be exported", () -> publishSpan(eventId).isPresent());
        SpanData publish = publishSpan(eventId).orElseThrow();
        assertEquals(SpanKind.PRODUCER, publish.getKind());
        assertEquals(publish.getTraceId(), traceparent[1], "the header continues the publish span's trace");
        assertEquals(publish.getSpanId(), traceparent[2], "the region's apply becomes a child of the publish");

        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(publish.getTraceId())).toList();
        SpanData request = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
                .orElseThrow(() -> new AssertionError("no request span in the publish's trace: " + trace));
        assertTrue(request.getName().startsWith(method), "the write's request span: " + request.getName());
        SpanData commit = trace.stream().filter(s -> s.getSpanId().equals(publish.getParentSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the publish's parent is not in the trace: " + trace));
        assertEquals("outbox commit", commit.getName(), "the publish continues the outbox row's commit span");
        assertEquals(eventId, commit.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.stringKey("edgesync.event.id")));
        assertTrue(isUnder(trace, commit, request), "the commit span is part of the request: " + trace);
    }

    private static boolean isUnder(List<SpanData> trace, SpanData span, SpanData ancestor) {
        for (SpanData at = span; at != null; ) {
            if (at.getSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
            String parent = at.getParentSpanId();
            at = trace.stream().filter(s -> s.getSpanId().equals(parent)).findFirst().orElse(null);
        }
        return false;
    }

    private Optional<SpanData> publishSpan(String eventId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER && eventId.equals(s.getAttributes().get(
                        io.opentelemetry.api.common.AttributeKey.stringKey("edgesync.event.id"))))
                .findFirst();
    }

    private static InvalidationEvent decode(ConsumerRecord<String, String> record) {
        try {
            return EventCodec.decodeEvent(record.value());
        } catch (dev.edgesync.events.InvalidEventException e) {
            throw new AssertionError("unreadable event " + record.value(), e);
        }
    }
}
