package dev.edgesync.e2e;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace collector on loopback for the services the test starts
 * ({@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf}): it keeps every span of every
 * {@code ExportTraceServiceRequest} it is posted, with the {@code service.name} of the process that sent it.
 * Only the fields the tests read are decoded (opentelemetry-proto's {@code trace.proto} field numbers).
 */
final class OtlpCollector implements AutoCloseable {
    /** One finished span; ids in lower-case hex, the parent empty for a root. */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
            long startNanos, long endNanos, Map<String, String> attributes) {
        String attribute(String key) {
            return attributes.get(key);
        }
    }

    /** {@code Span.SpanKind} values. */
    static final int SERVER = 2;
    static final int PRODUCER = 4;
    static final int CONSUMER = 5;

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    OtlpCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                InputStream body = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                spans.addAll(exportRequest(CodedInputStream.newInstance(body.readAllBytes())));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            }
        });
        server.start();
    }

    /** The value of {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment that makes a service export its spans here, promptly. */
    Map<String, String> serviceEnv() {
        return Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms");
    }

    List<Span> spans() {
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static List<Span> exportRequest(CodedInputStream in) throws IOException {
        List<Span> out = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) { // resource_spans
                CodedInputStream resourceSpans = in.readBytes().newCodedInput();
                String service = "";
                List<CodedInputStream> scopes = new ArrayList<>();
                for (int t = resourceSpans.readTag(); t != 0; t = resourceSpans.readTag()) {
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> service = attributes(resourceSpans.readBytes().newCodedInput(), 1)
                                .getOrDefault("service.name", "");
                        case 2 -> scopes.add(resourceSpans.readBytes().newCodedInput());
                        default -> resourceSpans.skipField(t);
                    }
                }
                for (CodedInputStream scope : scopes) {
                    for (int t = scope.readTag(); t != 0; t = scope.readTag()) {
                        if (WireFormat.getTagFieldNumber(t) == 2) { // spans
                            out.add(span(service, scope.readBytes().newCodedInput()));
                        } else {
                            scope.skipField(t);
                        }
                    }
                }
            } else {
                in.skipField(tag);
            }
        }
        return out;
    }

    private static Span span(String service, CodedInputStream in) throws IOException {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> traceId = HexFormat.of().formatHex(in.readByteArray());
                case 2 -> spanId = HexFormat.of().formatHex(in.readByteArray());
                case 4 -> parent = HexFormat.of().formatHex(in.readByteArray());
                case 5 -> name = in.readString();
                case 6 -> kind = in.readEnum();
                case 7 -> start = in.readFixed64();
                case 8 -> end = in.readFixed64();
                case 9 -> {
                    CodedInputStream keyValue = in.readBytes().newCodedInput();
                    attributes.putAll(keyValue(keyValue));
                }
                default -> in.skipField(tag);
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind, start, end, attributes);
    }

    /** The {@code KeyValue} messages in field {@code field} of a message (a Resource's attributes). */
    private static Map<String, String> attributes(CodedInputStream in, int field) throws IOException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == field) {
                attributes.putAll(keyValue(in.readBytes().newCodedInput()));
            } else {
                in.skipField(tag);
            }
        }
        return attributes;
    }

    /** A {@code KeyValue}: strings, booleans, integers and doubles as text; other values are left out. */
    private static Map<String, String> keyValue(CodedInputStream in) throws IOException {
        String key = null;
        String value = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                key = in.readString();
            } else if (WireFormat.getTagFieldNumber(tag) == 2) {
                CodedInputStream any = in.readBytes().newCodedInput();
                for (int t = any.readTag(); t != 0; t = any.readTag()) {
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> value = any.readString();
                        case 2 -> value = String.valueOf(any.readBool());
                        case 3 -> value = String.valueOf(any.readInt64());
                        case 4 -> value = String.valueOf(any.readDouble());
                        default -> any.skipField(t);
                    }
                }
            } else {
                in.skipField(tag);
            }
        }
        return key == null || value == null ? Map.of() : Map.of(key, value);
    }
}
