package dev.edgesync.origin.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Carries a write's trace from the request to Kafka: the outbox row keeps the W3C {@code traceparent} of an
 * {@code outbox commit} span under the request (the relay runs later, on its own thread), and the relay's publish is a span of that trace whose context goes
 * out as the record's {@code traceparent} header, where each region's apply picks it up.
 */
@ApplicationScoped
public class OutboxTracing {
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;
    private final TransactionSynchronizationRegistry transactions;

    public OutboxTracing(OpenTelemetry openTelemetry, TransactionSynchronizationRegistry transactions) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer("dev.edgesync.origin.outbox");
        this.transactions = transactions;
    }

    /**
     * An {@code outbox commit} span, child of the current one, from the event's append to the end of the transaction
     * that writes it (an error when it rolls back); returns its {@code traceparent} for the outbox row, so the relay's
     * publish is its child. Null outside a sampled trace.
     */
    public String commitSpan(String eventId) {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Span span = tracer.spanBuilder("outbox commit").setAttribute("edgesync.event.id", eventId).startSpan();
        if (transactions.getTransactionKey() == null) {
            span.end();
        } else {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != Status.STATUS_COMMITTED) {
                        span.setStatus(StatusCode.ERROR, "rolled back");
                    }
                    span.end();
                }
            });
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(Context.current().with(span), carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** The trace id of a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    /**
     * A publish span, child of the row's {@code traceparent}, ended at once; the record goes out with that span's
     * context in its headers. A row without a trace (written before tracing, or by a heartbeat) goes out as it is.
     */
    public <K, V> ProducerRecord<K, V> publish(ProducerRecord<K, V> record, String traceparent, String eventId) {
        if (traceparent == null) {
            return record;
        }
        Context parent = propagator.extract(Context.root(), Map.of("traceparent", traceparent), MAP_GETTER);
        Span span = tracer.spanBuilder("publish " + record.topic()).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("edgesync.event.id", eventId)
                .startSpan();
        try {
            Map<String, String> headers = new HashMap<>();
            propagator.inject(parent.with(span), headers, Map::put);
            headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            return record;
        } finally {
            span.end();
        }
    }
}
