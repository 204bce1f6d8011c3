package dev.edgesync.lab.load;

import dev.edgesync.lab.check.CheckReport;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.check.Staleness;
import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a recorded history into a {@link LoadResult}. Pure code. */
public final class LoadAnalysis {
    private LoadAnalysis() {
    }

    public static LoadResult analyze(String runId, long startedAt, long durationMs, LoadOptions options,
            Map<String, RegionPolicy> policies, Map<String, Long> originFetches, History history, CheckReport check,
            long toleranceMs) {
        List<String> regions = List.copyOf(policies.keySet());
        List<Staleness.Window> windows = Staleness.windows(history, regions);
        Map<String, List<ReadOp>> byRegion = new LinkedHashMap<>();
        regions.forEach(r -> byRegion.put(r, new ArrayList<>()));
        for (ReadOp r : history.reads()) {
            if (!r.probe() && byRegion.containsKey(r.region())) {
                byRegion.get(r.region()).add(r);
            }
        }
        List<RegionResult> results = new ArrayList<>();
        Map<String, long[]> histograms = new LinkedHashMap<>();
        Map<String, List<long[]>> perSecond = new LinkedHashMap<>();
        List<ReadOp> all = new ArrayList<>();
        int updates = (int) history.writes().stream().filter(w -> w.version() > 1).count();
        for (String region : regions) {
            List<ReadOp> reads = byRegion.get(region);
            all.addAll(reads);
            RegionPolicy p = policies.get(region);
            List<Staleness.Window> mine = windows.stream().filter(w -> w.region().equals(region)).toList();
            results.add(stats(region, p.strategy().wire(), p.delayMs(), reads,
                    originFetches.getOrDefault(region, -1L), updates, mine));
            histograms.put(region, histogram(reads));
            perSecond.put(region, perSecond(reads, startedAt));
        }
        String strategy = policies.values().stream().map(p -> p.strategy().wire()).distinct().count() == 1
                ? policies.values().iterator().next().strategy().wire() : "mixed";
        long fetches = originFetches.values().stream().allMatch(v -> v >= 0)
                ? originFetches.values().stream().mapToLong(Long::longValue).sum() : -1;
        RegionResult overall = stats("overall", strategy, -1, all, fetches, updates * regions.size(), windows);
        LoadResult.CheckSummary summary = check == null ? null : new LoadResult.CheckSummary(toleranceMs,
                check.total(), check.countsByRegion(), check.examples().stream().map(Object::toString).toList());
        return new LoadResult(runId, startedAt, durationMs, options, results, overall, history.writes().size(),
                windows, histograms, perSecond, summary);
    }

    static RegionResult stats(String region, String strategy, long delayMs, List<ReadOp> reads, long originFetches,
            int updates, List<Staleness.Window> windows) {
        long errors = 0;
        long hits = 0;
        long misses = 0;
        long stale = 0;
        long revalidated = 0;
        long bypass = 0;
        double[] latencies = new double[reads.size()];
        int n = 0;
        for (ReadOp r : reads) {
            latencies[n++] = r.latency();
            if (r.status() != 200) {
                errors++;
                continue;
            }
            switch (r.xCache() == null ? "" : r.xCache()) {
                case "HIT" -> hits++;
                case "MISS" -> misses++;
                case "STALE" -> stale++;
                case "REVALIDATED" -> revalidated++;
                case "BYPASS" -> bypass++;
                default -> {
                }
            }
        }
        Arrays.sort(latencies);
        long requests = reads.size();
        double hitRatio = requests == 0 ? 0 : (double) (hits + stale + revalidated) / requests;
        long[] observed = windows.stream().filter(w -> w.windowMs() != null).mapToLong(Staleness.Window::windowMs)
                .sorted().toArray();
        long median = observed.length == 0 ? -1 : observed[(observed.length - 1) / 2];
        long worst = observed.length == 0 ? -1 : observed[observed.length - 1];
        return new RegionResult(region, strategy, delayMs, requests, errors, hits, misses, stale, revalidated, bypass,
                hitRatio, percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1], originFetches, updates, observed.length,
                median, worst);
    }

    /** Nearest-rank percentile of sorted values; 0 when empty. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long[] histogram(List<ReadOp> reads) {
        long[] buckets = new long[LoadResult.LATENCY_BOUNDS_MS.length + 1];
        for (ReadOp r : reads) {
            int i = 0;
            while (i < LoadResult.LATENCY_BOUNDS_MS.length && r.latency() > LoadResult.LATENCY_BOUNDS_MS[i]) {
                i++;
            }
            buckets[i]++;
        }
        return buckets;
    }

    static List<long[]> perSecond(List<ReadOp> reads, long startedAt) {
        List<long[]> seconds = new ArrayList<>();
        for (ReadOp r : reads) {
            int s = (int) Math.max(0, (r.start() - startedAt) / 1000);
            while (seconds.size() <= s) {
                seconds.add(new long[2]);
            }
            seconds.get(s)[0]++;
            if (r.status() == 200 && ("HIT".equals(r.xCache()) || "STALE".equals(r.xCache())
                    || "REVALIDATED".equals(r.xCache()))) {
                seconds.get(s)[1]++;
            }
        }
        return seconds;
    }
}
