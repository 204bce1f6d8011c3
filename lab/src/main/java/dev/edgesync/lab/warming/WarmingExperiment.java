package dev.edgesync.lab.warming;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.client.Targets;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cache warming, measured: two regions alike in all but warming (eager, same delay), on a topology of their own
 * (servers and services on free ports, stopped at the end). Hot items are read in both; then, round after round,
 * one of them is updated, and once both regions applied the update, the warm region counted a warm-up fetch (at most
 * 5 s) and {@link Options#settleMs} more passed, a reader
 * reads every hot item once in each region. Per region: the reader's hit ratio and latency, and the origin
 * fetches the region made meanwhile (warm-up fetches included).
 */
public final class WarmingExperiment {
    public static final String WARM = "warming-on";
    public static final String COLD = "warming-off";
    private static final Pattern WARMUP_FETCHES = Pattern.compile("edgesync_warmup_fetches_total\\{[^}]*\\} ([0-9.]+)");
    private static final long APPLY_TIMEOUT_MS = 30_000;
    private static final long WARMUP_WAIT_MS = 5_000;

    /**
     * @param hotItems items read often before the updates (the region's hot keys)
     * @param rounds updates, each followed by one read of every hot item in each region
     * @param delayMs both regions' delay
     * @param settleMs wait after both regions applied an update, before reading
     */
    public record Options(int hotItems, int rounds, long delayMs, long settleMs) {
        public Options {
            if (hotItems < 1 || rounds < 1 || delayMs < 0 || settleMs < 0) {
                throw new IllegalArgumentException("--hot-items and --rounds must be at least 1");
            }
        }
    }

    /** One region's figures; latencies of the reader's reads, in ms. */
    public record RegionRow(String region, boolean warming, int reads, long hits, long originFetches,
            long warmupFetches, double p50Ms, double p99Ms) {
        public double hitRatio() {
            return reads == 0 ? 0 : (double) hits / reads;
        }
    }

    public record WarmingResult(Options options, List<RegionRow> regions) {
        public RegionRow region(String name) {
            return regions.stream().filter(r -> r.region().equals(name)).findFirst().orElseThrow();
        }
    }

    private WarmingExperiment() {
    }

    /** Starts the two regions' topology under {@code dir}, runs, and stops everything it started. */
    public static WarmingResult run(Options options, Path dir, PrintWriter progress) {
        List<RegionSpec> regions = List.of(new RegionSpec(WARM, (int) options.delayMs(), Strategy.EAGER),
                new RegionSpec(COLD, (int) options.delayMs(), Strategy.EAGER));
        try (LocalServers servers = new LocalServers(dir.resolve("servers"), true, 0, 0, Map.of());
                LocalTopology topology = LocalTopology.start(new LocalTopology.Options(regions, 0, 0, null, null, dir,
                        Map.of(WARM, Map.of("EDGESYNC_WARMING_ENABLED", "true"))), servers)) {
            EdgeSyncApi api = new EdgeSyncApi(Targets.of(topology));
            awaitReady(api, api.targets().edges());
            return run(api, options, progress);
        }
    }

    static WarmingResult run(EdgeSyncApi api, Options options, PrintWriter progress) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < options.hotItems(); i++) {
            String slug = "warming-" + UUID.randomUUID().toString().substring(0, 8);
            items.add(api.create("Warming " + i, slug, "v1 body", List.of("warming")).id());
        }
        for (String region : List.of(WARM, COLD)) {
            for (String id : items) {
                for (int i = 0; i < 5; i++) { // hot: counted by the warm region's read counts
                    api.readEdge(region, id);
                }
            }
        }
        Map<String, Long> fetchesBefore = new LinkedHashMap<>();
        Map<String, List<LabHttp.Response>> reads = new LinkedHashMap<>();
        Map<String, List<Long>> latencies = new LinkedHashMap<>();
        for (String region : List.of(WARM, COLD)) {
            fetchesBefore.put(region, summary(api, region).originFetches());
            reads.put(region, new ArrayList<>());
            latencies.put(region, new ArrayList<>());
        }
        long warmupBefore = warmupFetches(api);
        for (int round = 0; round < options.rounds(); round++) {
            long warmApplied = summary(api, WARM).invalidationsApplied();
            long coldApplied = summary(api, COLD).invalidationsApplied();
            long warmedBefore = warmupFetches(api);
            api.updateTitle(items.get(round % items.size()), "round " + round);
            long deadline = System.currentTimeMillis() + APPLY_TIMEOUT_MS;
            while (summary(api, WARM).invalidationsApplied() <= warmApplied
                    || summary(api, COLD).invalidationsApplied() <= coldApplied) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the update of round " + round + " was not applied in both regions "
                            + "within " + APPLY_TIMEOUT_MS + " ms");
                }
                Ports.sleep(20);
            }
            // the warm region's re-read of the updated item started (bounded: a skipped warm-up shows as a miss)
            long warmDeadline = System.currentTimeMillis() + WARMUP_WAIT_MS;
            while (warmupFetches(api) <= warmedBefore && System.currentTimeMillis() < warmDeadline) {
                Ports.sleep(20);
            }
            Ports.sleep(options.settleMs());
            for (String region : List.of(WARM, COLD)) {
                for (String id : items) {
                    long started = System.nanoTime();
                    LabHttp.Response response = api.readEdge(region, id);
                    latencies.get(region).add(System.nanoTime() - started);
                    reads.get(region).add(response);
                }
            }
            if (progress != null) {
                progress.printf("round %d/%d%n", round + 1, options.rounds());
                progress.flush();
            }
        }
        long warmups = warmupFetches(api) - warmupBefore;
        List<RegionRow> rows = new ArrayList<>();
        for (String region : List.of(WARM, COLD)) {
            List<LabHttp.Response> list = reads.get(region);
            long hits = list.stream().filter(r -> "HIT".equals(r.xCache())).count();
            long[] sorted = latencies.get(region).stream().mapToLong(Long::longValue).sorted().toArray();
            rows.add(new RegionRow(region, WARM.equals(region), list.size(), hits,
                    summary(api, region).originFetches() - fetchesBefore.get(region), WARM.equals(region) ? warmups : 0,
                    percentileMs(sorted, 0.50), percentileMs(sorted, 0.99)));
        }
        return new WarmingResult(options, rows);
    }

    /** The table {@code edgesync compare --warming} prints. */
    public static String table(WarmingResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(java.util.Locale.ROOT, "%-12s %-8s %6s %10s %15s %16s %8s %8s%n", "region", "warming", "reads", "hit ratio",
                "origin fetches", "warm-up fetches", "p50 ms", "p99 ms"));
        for (RegionRow row : result.regions()) {
            out.append(String.format(java.util.Locale.ROOT, "%-12s %-8s %6d %9.1f%% %15d %16s %8.1f %8.1f%n", row.region(),
                    row.warming() ? "on" : "off", row.reads(), 100 * row.hitRatio(), row.originFetches(),
                    row.warming() ? String.valueOf(row.warmupFetches()) : "-", row.p50Ms(), row.p99Ms()));
        }
        return out.toString();
    }

    /** Nearest-rank percentile of sorted nanosecond samples, in ms. */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank))] / 1e6;
    }

    private static EdgeSummary summary(EdgeSyncApi api, String region) {
        EdgeSummary summary = api.summary(region);
        if (summary == null) {
            throw new IllegalStateException(region + " does not answer /metrics/summary");
        }
        return summary;
    }

    private static long warmupFetches(EdgeSyncApi api) {
        Matcher m = WARMUP_FETCHES.matcher(api.http().get(api.targets().edge(WARM) + "/q/metrics").body());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static void awaitReady(EdgeSyncApi api, Map<String, String> edges) {
        long deadline = System.currentTimeMillis() + 120_000;
        List<String> urls = new ArrayList<>(edges.values());
        urls.add(api.targets().origin());
        for (String url : urls) {
            while (!api.ready(url)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(url + " did not become ready");
                }
                Ports.sleep(200);
            }
        }
    }
}
