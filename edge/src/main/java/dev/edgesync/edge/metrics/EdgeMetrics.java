package dev.edgesync.edge.metrics;

import dev.edgesync.edge.config.SettingsInForce;
import dev.edgesync.edge.invalidation.StalenessLease;
import dev.edgesync.events.Strategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The edge's meters (Prometheus, cumulative) and the resettable counters behind {@code /metrics/summary}.
 */
@ApplicationScoped
public class EdgeMetrics {

    /**
     * What happened to a client request: its {@code X-Cache} value and metric label (the outcome, not the
     * {@code ReadPath.Step} that produced it nor the policies' verdicts on the copy).
     */
    public enum Result {
        HIT, MISS, STALE, REVALIDATED, BYPASS, ERROR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final SettingsInForce settings;
    private final StalenessLease lease;
    private final LiveReplicas replicas;
    private final Map<Result, LongAdder> requestCounters = new EnumMap<>(Result.class);
    private final LongAdder eventLoopHits = new LongAdder();
    private final Timer requestTimer;
    private final Counter originFetches;
    private final Counter collapsed;
    private final Counter staleServed;
    private final Counter deadLetters;
    private final Timer propagation;
    private final Timer overhead;
    private final Map<String, Counter> applied = new ConcurrentHashMap<>();

    private final Map<Result, LongAdder> summaryRequests = new EnumMap<>(Result.class);
    private final LongAdder summaryOriginFetches = new LongAdder();
    private final LongAdder summaryCollapsed = new LongAdder();
    private final LongAdder summaryApplied = new LongAdder();
    private final LongAdder summaryDeadLetters = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();
    /** Issued (the write's commit) to applied in this region, ms, since the last reset. */
    private final LatencyHistogram invalidationLag = new LatencyHistogram();

    private final InstantSource clock;

    public EdgeMetrics(MeterRegistry registry, SettingsInForce settings, StalenessLease lease, LiveReplicas replicas,
            InstantSource clock) {
        this.clock = clock;
        this.replicas = replicas;
        this.registry = registry;
        this.lease = lease;
        this.settings = settings;
        String region = settings.region();
        for (Result result : Result.values()) {
            // plain adders read at scrape time: counting a request costs no meter-registry dispatch
            LongAdder count = new LongAdder();
            FunctionCounter.builder("edgesync.requests", count, LongAdder::sum)
                    .description("Client requests by outcome")
                    .tags("region", region, "result", result.label())
                    .register(registry);
            requestCounters.put(result, count);
            summaryRequests.put(result, new LongAdder());
        }
        FunctionCounter.builder("edgesync.event.loop.hits", eventLoopHits, LongAdder::sum)
                .description("HITs answered on the event loop from the in-process tier (also in edgesync.requests)")
                .tag("region", region)
                .register(registry);
        requestTimer = Timer.builder("edgesync.request")
                .description("Edge request latency")
                .tag("region", region)
                .publishPercentileHistogram()
                .register(registry);
        originFetches = Counter.builder("edgesync.origin.fetches").tag("region", region)
                .description("Requests sent to the origin").register(registry);
        collapsed = Counter.builder("edgesync.collapsed.requests").tag("region", region)
                .description("Misses that waited for another request's fill instead of fetching").register(registry);
        staleServed = Counter.builder("edgesync.stale.served").tag("region", region)
                .description("Responses served from a stale copy").register(registry);
        deadLetters = Counter.builder("edgesync.dead.letters").tag("region", region)
                .description("Invalidation events sent to the dead-letter topic").register(registry);
        propagation = Timer.builder("edgesync.invalidation.propagation").tag("region", region)
                .description("issuedAt to applied in this region").publishPercentileHistogram().register(registry);
        overhead = Timer.builder("edgesync.invalidation.overhead").tag("region", region)
                .description("Propagation less the configured delay").publishPercentileHistogram()
                .register(registry);
        for (Strategy strategy : Strategy.values()) {
            Gauge.builder("edgesync.region.strategy", settings, s -> s.strategy() == strategy ? 1 : 0)
                    .description("1 for the strategy in force")
                    .tags("region", region, "strategy", strategy.wire())
                    .register(registry);
        }
        Gauge.builder("edgesync.region.delay.ms", settings, SettingsInForce::delayMs)
                .description("Configured invalidation delay in force").tag("region", region).register(registry);
    }

    public void request(Result result, long nanos) {
        count(result);
        latency(nanos);
    }

    private void count(Result result) {
        requestCounters.get(result).increment();
        summaryRequests.get(result).increment();
        if (result == Result.STALE) {
            staleServed.increment();
        }
    }

    /** The latency of a request already counted. */
    public void latency(long nanos) {
        requestTimer.record(nanos, TimeUnit.NANOSECONDS);
        latency.record(nanos / 1_000_000.0);
    }

    /**
     * A HIT answered on the event loop ({@code dev.edgesync.edge.hit.HitRoute}), counted as any HIT too; counted
     * before the answer is written (a client that has it sees it counted), its latency given after ({@link #latency}).
     */
    public void eventLoopHit() {
        eventLoopHits.increment();
        count(Result.HIT);
    }

    /** HITs answered on the event loop so far (cumulative). */
    public long eventLoopHits() {
        return eventLoopHits.sum();
    }

    public void originFetch() {
        originFetches.increment();
        summaryOriginFetches.increment();
    }

    public void collapsed() {
        collapsed.increment();
        summaryCollapsed.increment();
    }

    public void deadLetter() {
        deadLetters.increment();
        summaryDeadLetters.increment();
    }

    public void invalidationApplied(String kind, String mode, long propagationMs, long delayMs) {
        applied.computeIfAbsent(kind + "|" + mode, k -> Counter.builder("edgesync.invalidations.applied")
                .description("Invalidation events applied in this region")
                .tags("region", settings.region(), "kind", kind, "mode", mode)
                .register(registry)).increment();
        summaryApplied.increment();
        long prop = Math.max(0, propagationMs);
        invalidationLag.record(prop);
        propagation.record(Duration.ofMillis(prop));
        overhead.record(Duration.ofMillis(Math.max(0, prop - delayMs)));
    }

    public Summary summary() {
        long hits = summaryRequests.get(Result.HIT).sum();
        long misses = summaryRequests.get(Result.MISS).sum();
        long stale = summaryRequests.get(Result.STALE).sum();
        long revalidated = summaryRequests.get(Result.REVALIDATED).sum();
        long bypass = summaryRequests.get(Result.BYPASS).sum();
        long errors = summaryRequests.get(Result.ERROR).sum();
        long requests = hits + misses + stale + revalidated + bypass + errors;
        double hitRatio = requests == 0 ? 0 : (double) (hits + stale + revalidated) / requests;
        OptionalLong live = replicas.count();
        return new Summary(settings.region(), settings.strategy().wire(), settings.delayMs(),
                live.isPresent() ? live.getAsLong() : null, requests, hits, misses,
                stale, revalidated, bypass, errors, hitRatio, round(latency.percentile(50)),
                round(latency.percentile(95)), round(latency.percentile(99)), summaryOriginFetches.sum(),
                summaryCollapsed.sum(), summaryApplied.sum(), summaryDeadLetters.sum(), lease(),
                new InvalidationLag(round(invalidationLag.percentile(50)), round(invalidationLag.percentile(95)),
                        round(invalidationLag.percentile(99)), round(invalidationLag.percentile(100))));
    }

    private Lease lease() {
        long now = clock.millis();
        java.util.OptionalLong upTo = lease.appliedUpTo();
        return new Lease(lease.state(now).label(), upTo.isPresent() ? upTo.getAsLong() : null, lease.lagMs(now),
                lease.durationMs());
    }

    public void reset() {
        summaryRequests.values().forEach(LongAdder::reset);
        summaryOriginFetches.reset();
        summaryCollapsed.reset();
        summaryApplied.reset();
        summaryDeadLetters.reset();
        latency.reset();
        invalidationLag.reset();
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    /**
     * The JSON of {@code GET /metrics/summary}; latencies in milliseconds. {@code replicas}: the region's replicas
     * whose heartbeat is current ({@link LiveReplicas}), null while unknown (no Redis).
     */
    public record Summary(String region, String strategy, long delayMs, Long replicas, long requests, long hits, long misses,
            long staleHits, long revalidated, long bypass, long errors, double hitRatio, double p50, double p95,
            double p99, long originFetches, long collapsedRequests, long invalidationsApplied, long deadLetters,
            Lease lease, InvalidationLag invalidationLag) {
    }

    /** Percentiles of the time from an event's issue (its write's commit) to its apply here, ms; 0 with none. */
    public record InvalidationLag(double p50, double p95, double p99, double max) {
    }

    /**
     * The staleness lease: {@code state} held | expired | none (no invalidation stream), the region's applied-up-to
     * moment (epoch ms, null until known), how far it lags behind now less the delay, and the lease duration.
     */
    public record Lease(String state, Long appliedUpTo, long appliedLagMs, long durationMs) {
    }
}
