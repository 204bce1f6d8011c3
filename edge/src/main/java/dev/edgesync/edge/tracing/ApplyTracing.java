package dev.edgesync.edge.tracing;

import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.events.InvalidationEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The region's part of a write's trace: an {@code apply} span, child of the relay's publish (the record's W3C
 * {@code traceparent} header), from the event's receipt to its ack, with a {@code delay} child span for the
 * scheduled wait ({@code min(issuedAt, receivedAt) + delay}) and a {@code redis apply} span after it; the ack is
 * published inside the apply span, so its Kafka publish span (SmallRye's) and the origin's receive join the trace. Events without a trace (heartbeats, other producers)
 * get no span.
 */
@ApplicationScoped
public class ApplyTracing {
    private static final Logger LOG = Logger.getLogger(ApplyTracing.class);
    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(header -> keys.add(header.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            Header header = carrier == null ? null : carrier.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;
    private final SettingsInForce settings;

    private final InstantSource clock;

    public ApplyTracing(OpenTelemetry openTelemetry, SettingsInForce settings, InstantSource clock) {
        this.clock = clock;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer("dev.edgesync.edge.invalidation");
        this.settings = settings;
    }

    /** An event received from Kafka; its span runs until {@link #applied} or {@link #failed}. */
    public Received received(Message<?> message, InvalidationEvent event) {
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElse(null);
        Context parent = headers == null ? Context.root() : propagator.extract(Context.root(), headers, HEADERS);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return new Received(Span.getInvalid(), event, 0, 0);
        }
        long receivedAt = clock.millis();
        long delayMs = settings.delayMs();
        Span span = tracer.spanBuilder("apply " + event.kind().name().toLowerCase().replace('_', '-'))
                .setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(receivedAt, TimeUnit.MILLISECONDS)
                .setAttribute("edgesync.region", settings.region())
                .setAttribute("edgesync.strategy", settings.strategy().name().toLowerCase())
                .setAttribute("edgesync.delay_ms", delayMs)
                .setAttribute("edgesync.event.id", event.id())
                .setAttribute("edgesync.event.issued_at", event.issuedAt())
                .setAttribute("messaging.system", "kafka")
                .startSpan();
        return new Received(span, event, receivedAt, delayMs);
    }

    /** One event on its way through the region, between receipt and ack. */
    public final class Received {
        private final Span span;
        private final InvalidationEvent event;
        private final long receivedAt;
        private final long delayMs;

        private Received(Span span, InvalidationEvent event, long receivedAt, long delayMs) {
            this.span = span;
            this.event = event;
            this.receivedAt = receivedAt;
            this.delayMs = delayMs;
        }

        /** Ends the span at {@code appliedAt}; {@code ack} runs inside it, so the ack's publish joins the trace. */
        public void applied(long appliedAt, Runnable ack) {
            if (!span.getSpanContext().isValid()) {
                ack.run();
                return;
            }
            long due = Math.max(receivedAt, Math.min(event.issuedAt(), receivedAt) + delayMs);
            Context parent = Context.root().with(span);
            tracer.spanBuilder("delay").setParent(parent)
                    .setStartTimestamp(receivedAt, TimeUnit.MILLISECONDS)
                    .setAttribute("edgesync.delay_ms", delayMs)
                    .startSpan().end(due, TimeUnit.MILLISECONDS);
            // from the due time to the applied time: the Redis script, and its retries while Redis was unavailable
            tracer.spanBuilder("redis apply").setParent(parent)
                    .setStartTimestamp(Math.min(due, appliedAt), TimeUnit.MILLISECONDS)
                    .setAttribute("db.system", "redis")
                    .setAttribute("edgesync.strategy", settings.strategy().name().toLowerCase())
                    .startSpan().end(appliedAt, TimeUnit.MILLISECONDS);
            span.setAttribute("edgesync.applied_at", appliedAt);
            span.setAttribute("edgesync.lag_ms", appliedAt - event.issuedAt());
            try (Scope ignored = parent.makeCurrent()) {
                ack.run();
            } finally {
                span.end();
            }
            LOG.debugf("applied %s in %s, %d ms after issue (traceId=%s)", event.id(), settings.region(),
                    appliedAt - event.issuedAt(), span.getSpanContext().getTraceId());
        }

        public void failed(Throwable failure) {
            if (span.getSpanContext().isValid()) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                span.end();
                LOG.warnf("applying %s failed (traceId=%s)", event.id(), span.getSpanContext().getTraceId());
            }
        }
    }
}
