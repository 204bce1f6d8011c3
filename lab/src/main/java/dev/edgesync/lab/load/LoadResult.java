package dev.edgesync.lab.load;

import dev.edgesync.lab.check.Staleness;
import java.util.List;
import java.util.Map;

/**
 * What a workload run measured, as written to {@code .edgesync/runs/}: per-region results and an
 * overall row, the staleness window of every update, latency histograms ({@link #LATENCY_BOUNDS_MS}
 * upper bounds, last bucket open) and hit ratio per second per region ({@code [requests, cacheHits]}).
 */
public record LoadResult(String runId, long startedAt, long durationMs, LoadOptions options, List<RegionResult> regions,
        RegionResult overall, int writes, List<Staleness.Window> windows, Map<String, long[]> latencyHistogram,
        Map<String, List<long[]>> hitsPerSecond, CheckSummary check) {

    public static final double[] LATENCY_BOUNDS_MS = {1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500,
        1000, 2000, 5000};

    /** The consistency checker's verdict, for JSON. */
    public record CheckSummary(long toleranceMs, int violations, Map<String, Map<String, Integer>> counts,
            List<String> examples) {
    }

    public RegionResult region(String name) {
        return regions.stream().filter(r -> r.region().equals(name)).findFirst().orElseThrow();
    }
}
