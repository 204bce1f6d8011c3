package dev.edgesync.edge.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.edge.support.EdgeTestResources;
import dev.edgesync.edge.support.EdgeTestSupport;
import dev.edgesync.events.EventCodec;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.PurgeMode;
import dev.edgesync.events.Topics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A region's apply of an event joins the trace of the record's W3C traceparent, as a child of the publish. */
@QuarkusTest
@QuarkusTestResource(EdgeTestResources.class)
class ApplyTraceTest extends EdgeTestSupport {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISH_SPAN_ID = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @AfterEach
    void restore() {
        region("eager", 100);
    }

    @Test
    void theApplyIsAChildOfThePublishWithTheRegionsDelayAndAWaitOfThatDelay() throws Exception {
        region("eager", 300);
        InvalidationEvent event = updated(path("trace/1"), List.of("content-list"), 2, PurgeMode.DEFAULT);
        send(event, "00-" + TRACE_ID + "-" + PUBLISH_SPAN_ID + "-01");
        kafka().awaitAck(event.id(), Duration.ofSeconds(20));

        SpanData apply = await(event.id());
        assertEquals(TRACE_ID, apply.getTraceId());
        assertEquals(PUBLISH_SPAN_ID, apply.getParentSpanId());
        assertEquals(SpanKind.CONSUMER, apply.getKind());
        assertEquals("apply content-updated", apply.getName());
        assertEquals(EdgeTestResources.REGION, apply.getAttributes().get(AttributeKey.stringKey("edgesync.region")));
        assertEquals(300L, apply.getAttributes().get(AttributeKey.longKey("edgesync.delay_ms")));
        long lag = apply.getAttributes().get(AttributeKey.longKey("edgesync.lag_ms"));
        assertTrue(lag >= 300, "applied no earlier than issuedAt + delay: " + lag);

        SpanData delay = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getParentSpanId().equals(apply.getSpanId()) && s.getName().equals("delay"))
                .findFirst().orElseThrow(() -> new AssertionError("no delay span under " + apply));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(delay.getEndEpochNanos() - delay.getStartEpochNanos());
        assertTrue(waitedMs >= 0 && waitedMs <= 300, "the scheduled wait, at most the delay: " + waitedMs);
        // it ends when the event was due: issuedAt + delay, or at once when it was received later than that (a busy
        // machine), so its length alone says nothing
        long receivedAt = TimeUnit.NANOSECONDS.toMillis(apply.getStartEpochNanos());
        assertEquals(Math.max(receivedAt, Math.min(event.issuedAt(), receivedAt) + 300),
                TimeUnit.NANOSECONDS.toMillis(delay.getEndEpochNanos()), "the wait ends at the due time");
        SpanData redis = child(apply, "redis apply");
        assertTrue(redis.getStartEpochNanos() >= delay.getEndEpochNanos(), "the Redis apply follows the wait");
        SpanData ack = child(apply, "edgesync.invalidation-acks publish");
        assertEquals(SpanKind.PRODUCER, ack.getKind());
        assertTrue(ack.getStartEpochNanos() >= redis.getEndEpochNanos() - 1_000_000, "the ack follows the apply (the apply ends on a ms clock)");
    }

    private SpanData child(SpanData parent, String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getParentSpanId().equals(parent.getSpanId()) && s.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " span under " + parent));
    }

    @Test
    void anEventWithoutTraceparentMakesNoSpan() throws Exception {
        InvalidationEvent event = updated(path("trace/2"), List.of("content-list"), 2, PurgeMode.DEFAULT);
        send(event, null);
        kafka().awaitAck(event.id(), Duration.ofSeconds(20));
        sleep(200);
        assertTrue(spans.getFinishedSpanItems().stream().noneMatch(s -> event.id().equals(eventId(s))),
                "an untraced event starts no trace of its own");
    }

    private SpanData await(String eventId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (SpanData span : spans.getFinishedSpanItems()) {
                if (eventId.equals(eventId(span)) && span.getName().startsWith("apply")) {
                    return span;
                }
            }
            sleep(50);
        }
        throw new AssertionError("no apply span for " + eventId + ": " + spans.getFinishedSpanItems());
    }

    private static String eventId(SpanData span) {
        return span.getAttributes().get(AttributeKey.stringKey("edgesync.event.id"));
    }

    private static void send(InvalidationEvent event, String traceparent) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EdgeTestResources.kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVALIDATIONS, event.partitionKey(),
                    EventCodec.encode(event));
            if (traceparent != null) {
                record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        }
    }
}
