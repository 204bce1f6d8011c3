package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.Strategy;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One content update is one trace across three processes: the origin's request, outbox commit and relay publish,
 * then in each of two regions (separate edge processes) the apply with its scheduled wait, its Redis apply and its
 * ack's publish, and the origin's receipt of each ack. Every process exports to an OTLP/HTTP collector the test runs on loopback, on the real Kafka, Redis and
 * PostgreSQL of the end-to-end topology.
 */
class TraceAcrossRegionsTest {
    private static final RegionSpec EAGER = new RegionSpec("trace-eager", 100, Strategy.EAGER);
    private static final RegionSpec LAZY = new RegionSpec("trace-lazy", 400, Strategy.LAZY);

    private static OtlpCollector collector;
    private static LocalTopology topology;

    @BeforeAll
    static void startTracedServices() throws IOException {
        collector = new OtlpCollector();
        topology = E2ETopology.get();
        topology.origin().kill();
        topology.startOrigin(collector.serviceEnv());
        for (RegionSpec region : List.of(EAGER, LAZY)) {
            topology.addRegion(region, collector.serviceEnv());
        }
        for (String url : List.of(topology.originUrl(), topology.edgeUrl(EAGER.name()), topology.edgeUrl(LAZY.name()))) {
            await(url + " ready", () -> Http.get(url + "/q/health/ready").status() == 200 ? Optional.of(url) : Optional.empty());
        }
    }

    @AfterAll
    static void restoreOrigin() throws IOException {
        if (topology != null) {
            topology.origin().kill();
            topology.startOrigin(Map.of());
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void oneUpdateIsOneTraceFromTheRequestToEachRegionsAck() {
        String id = Content.create(topology);
        String path = Content.path(id);
        Content.update(topology, id, "traced");

        OtlpCollector.Span request = await("the update's request span", () -> collector.spans().stream()
                .filter(s -> s.kind() == OtlpCollector.SERVER && s.name().startsWith("PUT")
                        && s.attributes().containsValue(path))
                .findFirst());
        String traceId = request.traceId();
        await("both regions' apply spans", () -> collector.spans().stream()
                .filter(s -> s.traceId().equals(traceId) && s.name().startsWith("apply")).count() >= 2
                        ? Optional.of(true) : Optional.empty());
        Content.sleep(500); // an apply span ends last in its process; its children went out in the same or an earlier batch
        List<OtlpCollector.Span> trace = collector.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();

        assertEquals("edgesync-origin", request.service());
        OtlpCollector.Span commit = child(trace, request, "outbox commit");
        assertEquals("edgesync-origin", commit.service(), "the outbox row is written in the request's transaction");
        OtlpCollector.Span publish = child(trace, commit, "publish edgesync.invalidations");
        assertEquals(OtlpCollector.PRODUCER, publish.kind());
        assertEquals("edgesync-origin", publish.service(), "the relay publishes from the origin");

        for (RegionSpec region : List.of(EAGER, LAZY)) {
            List<OtlpCollector.Span> applies = trace.stream().filter(s -> s.parentSpanId().equals(publish.spanId())
                    && region.name().equals(s.attribute("edgesync.region"))).toList();
            assertEquals(1, applies.size(), region.name() + " received the publish once: " + trace);
            OtlpCollector.Span apply = applies.get(0);
            assertEquals("edgesync-edge", apply.service());
            assertEquals(OtlpCollector.CONSUMER, apply.kind(), region.name());
            assertEquals("apply content-updated", apply.name(), region.name());
            assertEquals(String.valueOf(region.delayMs()), apply.attribute("edgesync.delay_ms"), region.name());
            assertEquals(region.strategy().wire(), apply.attribute("edgesync.strategy"), region.name());

            OtlpCollector.Span delay = child(trace, apply, "delay");
            OtlpCollector.Span redis = child(trace, apply, "redis apply");
            OtlpCollector.Span ack = child(trace, apply, "edgesync.invalidation-acks publish");
            assertEquals(OtlpCollector.PRODUCER, ack.kind(), region.name());
            OtlpCollector.Span received = child(trace, ack, "edgesync.invalidation-acks receive");
            assertEquals("edgesync-origin", received.service(), region.name() + "'s ack is read by the origin");
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(delay.endNanos() - delay.startNanos());
            assertTrue(waitedMs <= region.delayMs(), region.name() + " waited at most its delay: " + waitedMs);
            assertTrue(redis.startNanos() >= delay.endNanos(), region.name() + " applied after the wait");
            assertTrue(ack.startNanos() >= redis.endNanos() - 1_000_000, region.name() + " acknowledged after the apply (its end is on a ms clock)");
            assertEquals(region.strategy().wire(), redis.attribute("edgesync.strategy"), region.name());
        }
        Set<String> regions = trace.stream().map(s -> s.attribute("edgesync.region")).filter(r -> r != null)
                .collect(Collectors.toSet());
        assertTrue(regions.containsAll(Set.of(EAGER.name(), LAZY.name())), "both edge processes joined: " + regions);
    }

    private static OtlpCollector.Span child(List<OtlpCollector.Span> trace, OtlpCollector.Span parent, String name) {
        return trace.stream().filter(s -> s.parentSpanId().equals(parent.spanId()) && s.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + name + "' span under '" + parent.name()
                        + "' (" + parent.service() + "): " + names(trace)));
    }

    private static String names(List<OtlpCollector.Span> trace) {
        return trace.stream().map(s -> s.service() + ":" + s.name() + "[" + s.spanId() + "<-" + s.parentSpanId() + "]")
                .collect(Collectors.joining(", "));
    }

    private static <T> T await(String what, java.util.function.Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Content.sleep(100);
        }
        throw new AssertionError("no " + what + " within 60 s; spans: " + names(collector.spans()));
    }
}
