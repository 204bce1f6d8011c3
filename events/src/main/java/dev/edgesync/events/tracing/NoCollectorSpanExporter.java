package dev.edgesync.events.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Drops finished spans while no collector is configured (one bean for both services: the events module is
 * indexed, so each application discovers it). Quarkus otherwise exports to {@code localhost:4317} by
 * default and logs every failed batch; a {@code SpanExporter} bean in its place turns the OTLP exporter off (the
 * extension has no runtime switch for that). Setting {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} removes
 * this bean, and the spans go to that collector. Trace ids, propagation and the log's {@code traceId} stay on.
 */
@Singleton
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", stringValue = NoCollectorSpanExporter.DEFAULT_ENDPOINT,
        lookupIfMissing = true)
public class NoCollectorSpanExporter implements SpanExporter {
    static final String DEFAULT_ENDPOINT = "http://localhost:4317/";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
