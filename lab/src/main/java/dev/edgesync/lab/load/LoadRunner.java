package dev.edgesync.lab.load;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.CheckReport;
import dev.edgesync.lab.check.ConsistencyChecker;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one workload against the configured origin and edges and records its history: creates the
 * items, reads them from simulated clients in every region on a fixed schedule (deterministic item
 * choice from the seed), writes on a fixed schedule, and after every write probes each region until
 * it serves the new version fresh. Then checks the history.
 */
public final class LoadRunner {
    private static final long PROBE_TIMEOUT_MS = 15_000;

    private final EdgeSyncApi api;
    private final LoadOptions options;
    private final ProgressLine progress;
    private final long toleranceMs;

    /** The outcome: the result and the history it was computed from. */
    public record Run(LoadResult result, History history, CheckReport check, Map<String, RegionPolicy> policies) {
    }

    public LoadRunner(EdgeSyncApi api, LoadOptions options, PrintWriter progress, long toleranceMs) {
        this.api = api;
        this.options = options.validated(api.targets().regions().size());
        this.progress = progress == null ? null : new ProgressLine(progress, 5);
        this.toleranceMs = toleranceMs;
    }

    /** Each region's strategy and delay, from its {@code /metrics/summary}. */
    public static Map<String, RegionPolicy> policies(EdgeSyncApi api) {
        Map<String, RegionPolicy> policies = new LinkedHashMap<>();
        for (String region : api.targets().regions()) {
            EdgeSummary s = api.summary(region);
            if (s == null || s.strategy() == null || s.delayMs() < 0) {
                throw new IllegalStateException("edge " + region + " (" + api.targets().edge(region)
                        + ") did not answer /metrics/summary; is it up? (edgesync status)");
            }
            policies.put(region, new RegionPolicy(Strategy.fromWire(s.strategy()), s.delayMs()));
        }
        return policies;
    }

    public Run run() throws InterruptedException {
        List<String> regions = api.targets().regions();
        Map<String, RegionPolicy> policies = policies(api);
        History history = new History();
        String runId = runId();

        // 1. the items
        List<String> items = new ArrayList<>();
        for (int i = 0; i < options.items(); i++) {
            long start = System.currentTimeMillis();
            EdgeSyncApi.Written w = api.create("Lab item " + i, "lab-" + runId + "-" + i,
                    "Body of lab item " + i + " for run " + runId, List.of("lab", "lab-" + runId));
            history.write(new WriteOp(w.id(), w.version(), start, System.currentTimeMillis()));
            items.add(w.id());
        }
        Map<String, Long> fetchesBefore = originFetches(regions);

        int perRegion = options.readsPerRegion();
        Zipf zipf = new Zipf(items.size(), options.zipfExponent());
        Map<String, int[]> sequences = new LinkedHashMap<>();
        for (int r = 0; r < regions.size(); r++) {
            sequences.put(regions.get(r), zipf.sequence(options.seed() * 1_000_003L + r + 1, perRegion));
        }
        double intervalMs = 1000.0 / options.ratePerRegion();
        long readPhaseMs = (long) Math.ceil(perRegion * intervalMs);
        int writesPlanned = options.writeRate() <= 0 ? 0 : (int) Math.floor(readPhaseMs / 1000.0 * options.writeRate());
        int[] writeItems = zipf.sequence(options.seed() * 1_000_003L - 7, Math.max(writesPlanned, 0));

        AtomicLong done = new AtomicLong();
        AtomicLong cacheHits = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger writesDone = new AtomicInteger();
        int clients = options.clientsPerRegion();
        ExecutorService readers = Executors.newFixedThreadPool(regions.size() * clients, daemon("edgesync-load-client"));
        ExecutorService probes = Executors.newFixedThreadPool(Math.min(64, regions.size() * 8), daemon("edgesync-probe"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("edgesync-progress"));
        Thread writer = null;
        long startedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        long totalReads = (long) perRegion * regions.size();
        try {
            for (String region : regions) {
                int[] sequence = sequences.get(region);
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    readers.submit(() -> {
                        for (int k = client; k < sequence.length && !Thread.currentThread().isInterrupted(); k += clients) {
                            sleepUntil(t0 + (long) (k * intervalMs * 1_000_000));
                            ReadOp op = read(region, region + "/c" + client, items.get(sequence[k]), false);
                            history.read(op);
                            done.incrementAndGet();
                            if (op.status() != 200) {
                                errors.incrementAndGet();
                            } else if (!"MISS".equals(op.xCache()) && !"BYPASS".equals(op.xCache())) {
                                cacheHits.incrementAndGet();
                            }
                        }
                    });
                }
            }
            if (writesPlanned > 0) {
                double writeIntervalMs = 1000.0 / options.writeRate();
                writer = new Thread(() -> {
                    for (int j = 0; j < writesPlanned && !Thread.currentThread().isInterrupted(); j++) {
                        sleepUntil(t0 + (long) ((j + 0.5) * writeIntervalMs * 1_000_000));
                        String item = items.get(writeItems[j]);
                        long start = System.currentTimeMillis();
                        EdgeSyncApi.Written w;
                        try {
                            w = api.updateTitle(item, "Lab item " + writeItems[j] + " update " + (j + 1));
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        history.write(new WriteOp(item, w.version(), start, System.currentTimeMillis()));
                        writesDone.incrementAndGet();
                        for (String region : regions) {
                            long deadline = System.currentTimeMillis() + policies.get(region).delayMs() + PROBE_TIMEOUT_MS;
                            probes.submit(() -> probe(history, region, item, w.version(), deadline));
                        }
                    }
                }, "edgesync-load-writer");
                writer.setDaemon(true);
                writer.start();
            }
            if (progress != null) {
                ticker.scheduleAtFixedRate(() -> progressLine(done.get(), totalReads, t0, cacheHits.get(), errors.get(),
                        writesDone.get(), false), 1, 1, TimeUnit.SECONDS);
            }
            readers.shutdown();
            long capMs = LoadOptions.MAX_DURATION.toMillis() + 60_000;
            if (!readers.awaitTermination(capMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the workload did not finish within its bound");
            }
            if (writer != null) {
                writer.join(30_000);
            }
            probes.shutdown();
            probes.awaitTermination(PROBE_TIMEOUT_MS + 15_000, TimeUnit.MILLISECONDS);
        } finally {
            ticker.shutdownNow();
            readers.shutdownNow();
            probes.shutdownNow();
            if (writer != null) {
                writer.interrupt();
            }
        }
        if (progress != null) {
            progressLine(done.get(), totalReads, t0, cacheHits.get(), errors.get(), writesDone.get(), true);
        }
        long durationMs = System.currentTimeMillis() - startedAt;
        Map<String, Long> fetchesAfter = originFetches(regions);
        Map<String, Long> fetches = new LinkedHashMap<>();
        for (String region : regions) {
            Long before = fetchesBefore.get(region);
            Long after = fetchesAfter.get(region);
            fetches.put(region, before == null || after == null || after < before ? -1 : after - before);
        }
        CheckReport check = new ConsistencyChecker(policies, toleranceMs).check(history);
        LoadResult result = LoadAnalysis.analyze(runId, startedAt, durationMs, options, policies, fetches, history,
                check, toleranceMs);
        return new Run(result, history, check, policies);
    }

    private ReadOp read(String region, String client, String item, boolean probe) {
        long start = System.currentTimeMillis();
        LabHttp.Response r = api.readEdge(region, item);
        long end = System.currentTimeMillis();
        return new ReadOp(region, client, item, start, end, r.status(), r.version(), r.xCache(), probe);
    }

    /** Reads until the region serves {@code version} (or newer) fresh, or the deadline passes. */
    private void probe(History history, String region, String item, long version, long deadline) {
        while (System.currentTimeMillis() < deadline && !Thread.currentThread().isInterrupted()) {
            ReadOp op = read(region, "probe-" + region, item, true);
            history.read(op);
            if (op.status() == 200 && op.version() >= version && !op.stale()) {
                return;
            }
            LockSupport.parkNanos(options.probeIntervalMs() * 1_000_000L);
        }
    }

    private Map<String, Long> originFetches(List<String> regions) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String region : regions) {
            EdgeSummary s = api.summary(region);
            out.put(region, s == null ? null : s.originFetches());
        }
        return out;
    }

    private void progressLine(long done, long total, long t0, long hits, long errors, int writes, boolean last) {
        double seconds = Math.max(0.001, (System.nanoTime() - t0) / 1e9);
        String line = String.format("  reads %,d/%,d  %.0f req/s  hit ratio %.1f%%  errors %d  writes %d  %.0f s",
                done, total, done / seconds, done == 0 ? 0.0 : 100.0 * hits / done, errors, writes, seconds);
        if (last) {
            progress.finish(line);
        } else {
            progress.update(line);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static String runId() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
                .format(java.time.LocalDateTime.now()) + "-" + Long.toString(System.nanoTime() % 46656, 36);
    }
}
