package dev.edgesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.testkit.topology.RegionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * 2: invalidation overhead: origin commit to applied in each region, less the region's configured delay, over
 * paced content updates; beside the edges' own {@code edgesync_invalidation_overhead_seconds}.
 */
final class InvalidationScenario implements Scenario {
    private static final String METRIC = "edgesync_invalidation_overhead_seconds";

    @Option(names = "--updates", converter = Count.class, paramLabel = "N",
            description = "Items updated once each, 1..10000 "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int updates;

    @Option(names = "--update-rate", converter = Count.class, paramLabel = "N",
            description = "Updates per second, 1..500 "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "50")
    int updateRate;

    @Override
    public void validate(CommandLine cli) {
        Scenario.require(cli, "--updates", updates, 1, 10_000);
        Scenario.require(cli, "--update-rate", updateRate, 1, 500);
    }

    @Override
    public void run(RunningTopology t) throws Exception {
        int n = updates;
        List<RegionSpec> regions = t.topology.regions();
        System.err.printf("bench: creating %d items for the invalidation run ...%n", n);
        long createStart = System.nanoTime();
        List<String> ids = create(t, n);
        double createSeconds = (System.nanoTime() - createStart) / 1e9;
        // let the create events settle everywhere before the measured updates
        awaitApplied(t, ids.get(ids.size() - 1), Duration.ofSeconds(30));
        Thread.sleep(regions.stream().mapToLong(RegionSpec::delayMs).max().orElse(0) + 500);
        Map<String, Map<String, Double>> before = new HashMap<>();
        for (RegionSpec r : regions) {
            before.put(r.name(), overheadMetric(t, r.name()));
        }

        System.err.printf("bench: %d updates at %d/s ...%n", n, updateRate);
        Map<String, Long> versions = new ConcurrentHashMap<>();
        AtomicInteger failedWrites = new AtomicInteger();
        long start = System.nanoTime();
        update(t, ids, versions, failedWrites, start);
        double writeSeconds = (System.nanoTime() - start) / 1e9;

        // each item's latest event is its update: read the per-region acks from the origin
        Map<String, List<Long>> overheads = new LinkedHashMap<>();
        regions.forEach(r -> overheads.put(r.name(), Collections.synchronizedList(new ArrayList<>())));
        ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>(versions.keySet());
        AtomicInteger superseded = new AtomicInteger();
        poll(t, pending, versions, overheads, superseded);
        int notApplied = pending.size();

        t.report.command(String.format(Locale.ROOT, "invalidation: %,d items created (POST /api/content, 8 threads), "
                + "then one PUT /api/content/{id} per item paced at %d/s; per-region latencyMs from GET "
                + "/api/content/{id}/propagation (ack appliedAt - event issuedAt) minus the region delay", n,
                updateRate));
        for (RegionSpec r : regions) {
            // HdrHistogram takes no negative values: an ack a millisecond before its due time counts as 0
            Histogram s = Figures.histogram(overheads.get(r.name()).stream().map(v -> Math.max(0, v)).toList());
            Map<String, Double> after = overheadMetric(t, r.name());
            double count = after.getOrDefault("count", 0.0) - before.get(r.name()).getOrDefault("count", 0.0);
            double sum = after.getOrDefault("sum", 0.0) - before.get(r.name()).getOrDefault("sum", 0.0);
            String bucket99 = PrometheusHistogram.bucketPercentile(before.get(r.name()), after, 0.99);
            long p50 = s.getValueAtPercentile(50);
            t.report.row("2", String.format(Locale.ROOT, "Invalidation overhead, %s (%s, delay %d ms)", r.name(),
                            r.strategy().wire(), r.delayMs()),
                    String.format(Locale.ROOT, "p50 %d ms, p99 %d ms", p50, s.getValueAtPercentile(99)),
                    String.format(Locale.ROOT, "%,d updates measured (max %d ms); commit→applied p50 %d ms; edge "
                                    + "metric %s over the run: %.0f events, mean %.1f ms, p99 bucket %s",
                            s.getTotalCount(), s.getMaxValue(), p50 + r.delayMs(), METRIC, count,
                            count == 0 ? 0 : sum / count * 1000, bucket99));
        }
        t.report.note(String.format(Locale.ROOT, "Invalidation run: %,d creates in %.1f s; %,d updates sent in %.1f s "
                        + "(%d failed); %d superseded, %d not applied within 60 s.", n, createSeconds, versions.size(),
                writeSeconds, failedWrites.get(), superseded.get(), notApplied));
    }

    private static List<String> create(RunningTopology t, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            String run = Long.toString(System.nanoTime(), 36);
            for (int i = 0; i < n; i++) {
                int k = i;
                created.add(pool.submit(() -> t.createContent("bench propagation " + k, "bench-prop-" + run + "-" + k,
                        "body of item " + k)));
            }
            for (Future<String> f : created) {
                ids.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    /** One title update per item, paced at {@code --update-rate}; the version each update wrote. */
    private void update(RunningTopology t, List<String> ids, Map<String, Long> versions, AtomicInteger failed,
            long start) throws InterruptedException {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        long periodNanos = 1_000_000_000L / updateRate;
        long writeDeadline = start + TimeUnit.SECONDS.toNanos(ids.size() / updateRate + 60);
        try {
            for (int i = 0; i < ids.size() && System.nanoTime() < writeDeadline; i++) {
                long wait = start + i * periodNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String id = ids.get(i);
                int k = i;
                writers.submit(() -> {
                    try {
                        versions.put(id, t.api.updateTitle(id, "bench propagation " + k + " updated").version());
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                });
            }
        } finally {
            writers.shutdown();
            writers.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    /** Polls each item's propagation until applied everywhere (60 s in all); per region, latency minus delay. */
    private static void poll(RunningTopology t, ConcurrentLinkedQueue<String> pending, Map<String, Long> versions,
            Map<String, List<Long>> overheads, AtomicInteger superseded) throws InterruptedException {
        long pollDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ExecutorService pollers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            pollers.submit(() -> {
                String id;
                while ((id = pending.poll()) != null && System.nanoTime() < pollDeadline) {
                    LabHttp.Response answer = propagation(t, id);
                    JsonNode p = answer.ok() ? answer.json() : null;
                    if (p != null && p.path("version").asLong() != versions.get(id)) {
                        superseded.incrementAndGet();
                    } else if (p == null || !RunningTopology.appliedEverywhere(p)) {
                        pending.add(id);
                        Thread.sleep(p == null ? 50 : 20);
                    } else {
                        for (RegionSpec r : t.topology.regions()) {
                            long latency = p.path("regions").path(r.name()).path("latencyMs").asLong();
                            overheads.get(r.name()).add(latency - r.delayMs());
                        }
                    }
                }
                return null;
            });
        }
        pollers.shutdown();
        pollers.awaitTermination(90, TimeUnit.SECONDS);
        pollers.shutdownNow();
    }

    private static void awaitApplied(RunningTopology t, String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            LabHttp.Response r = propagation(t, id);
            if (r.ok() && RunningTopology.appliedEverywhere(r.json())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("content " + id + " not applied in every region within " + timeout);
    }

    private static LabHttp.Response propagation(RunningTopology t, String id) {
        return t.http().get(t.topology.originUrl() + "/api/content/" + id + "/propagation");
    }

    /** sum, count and cumulative buckets of the edge's overhead histogram; empty when it does not answer. */
    private static Map<String, Double> overheadMetric(RunningTopology t, String region) {
        LabHttp.Response r = t.http().get(t.topology.edgeUrl(region) + "/q/metrics");
        return r.ok() ? PrometheusHistogram.parse(r.body(), METRIC) : new java.util.TreeMap<>();
    }
}
