package dev.edgesync.lab.demo;

import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.load.LoadRunner;
import dev.edgesync.lab.report.Svg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Creates (or takes) one content item, warms every region, updates it, then reads every region every
 * few milliseconds until each serves the new version fresh twice in a row.
 */
public final class DemoRunner {
    private final EdgeSyncApi api;
    private final int intervalMs;
    private final long timeoutMs;

    public DemoRunner(EdgeSyncApi api, int intervalMs, long timeoutMs) {
        if (intervalMs < 2 || intervalMs > 1000) {
            throw new IllegalArgumentException("--interval-ms must be within 2..1000, was " + intervalMs);
        }
        if (timeoutMs < 1000 || timeoutMs > 120_000) {
            throw new IllegalArgumentException("--timeout must be within PT1S..PT2M");
        }
        this.api = api;
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
    }

    public DemoResult run(String existingId) throws Exception {
        Map<String, RegionPolicy> policies = LoadRunner.policies(api);
        String id = existingId;
        if (id == null) {
            Map<String, Long> appliedBefore = applied(policies.keySet());
            String slug = "demo-" + Long.toString(System.currentTimeMillis(), 36);
            id = api.create("Understanding Cache Invalidation", slug, "Cache invalidation is one of the hardest problems...",
                    List.of("tech", "demo")).id();
            // the creation's own invalidation (tag content-<id>) must pass first, or it would show in the timeline
            awaitApplied(appliedBefore, policies);
        } else if (!id.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("--id must be a content id (digits), was " + id);
        }
        long oldVersion = -1;
        for (String region : policies.keySet()) {
            for (int i = 0; i < 2; i++) {
                LabHttp.Response r = api.readEdge(region, id);
                if (r.status() != 200) {
                    throw new IllegalStateException("warming " + region + " failed: " + r.describe());
                }
                oldVersion = Math.max(oldVersion, r.version());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(policies.size());
        Map<String, Future<List<DemoResult.Sample>>> futures = new LinkedHashMap<>();
        String item = id;
        AtomicLong updateStart = new AtomicLong();
        AtomicLong newVersion = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch polling = new CountDownLatch(policies.size());
        try {
            for (String region : policies.keySet()) {
                futures.put(region, pool.submit(() -> poll(region, item, newVersion, updateStart, polling)));
            }
            if (!polling.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the regions did not answer within 10 s");
            }
            long start = System.currentTimeMillis();
            updateStart.set(start);
            EdgeSyncApi.Written written;
            try {
                written = api.updateTitle(id, "Updated: Cache Invalidation Patterns");
            } catch (RuntimeException e) {
                newVersion.set(-1);
                throw e;
            }
            long updateMs = System.currentTimeMillis() - start;
            newVersion.set(written.version());
            List<DemoResult.RegionTimeline> timelines = new ArrayList<>();
            for (Map.Entry<String, Future<List<DemoResult.Sample>>> e : futures.entrySet()) {
                RegionPolicy p = policies.get(e.getKey());
                timelines.add(timeline(e.getKey(), p, e.getValue().get(), written.version()));
            }
            DemoResult result = new DemoResult(id, oldVersion, written.version(), start, updateMs, timelines, null);
            return new DemoResult(id, oldVersion, written.version(), start, updateMs, timelines, svg(result));
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Long> applied(Iterable<String> regions) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String region : regions) {
            EdgeSummary s = api.summary(region);
            out.put(region, s == null ? -1 : s.invalidationsApplied());
        }
        return out;
    }

    private void awaitApplied(Map<String, Long> before, Map<String, RegionPolicy> policies) throws InterruptedException {
        long maxDelay = policies.values().stream().mapToLong(RegionPolicy::delayMs).max().orElse(0);
        long deadline = System.currentTimeMillis() + maxDelay + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Long> now = applied(before.keySet());
            if (before.entrySet().stream().allMatch(e -> now.get(e.getKey()) > e.getValue())) {
                return;
            }
            Thread.sleep(25);
        }
    }

    /**
     * Reads the region in a loop; once the update has started, records every read until the region
     * served the new version fresh twice in a row, or the timeout.
     */
    private List<DemoResult.Sample> poll(String region, String id, AtomicLong newVersion, AtomicLong updateStart,
            CountDownLatch polling) {
        List<DemoResult.Sample> samples = new ArrayList<>();
        int freshInARow = 0;
        boolean first = true;
        while (freshInARow < 2 && newVersion.get() >= 0 && !Thread.currentThread().isInterrupted()) {
            long start = updateStart.get();
            if (start > 0 && System.currentTimeMillis() > start + timeoutMs) {
                break;
            }
            LabHttp.Response r = api.readEdge(region, id);
            if (first) {
                polling.countDown();
                first = false;
            }
            long began = updateStart.get();
            if (began > 0 && start > 0) {
                long at = System.currentTimeMillis() - began;
                samples.add(new DemoResult.Sample(at, r.status(), r.version(), r.xCache()));
                boolean fresh = r.status() == 200 && r.version() >= newVersion.get() && !"STALE".equals(r.xCache());
                freshInARow = fresh ? freshInARow + 1 : 0;
            }
            if (freshInARow < 2) {
                LockSupport.parkNanos(intervalMs * 1_000_000L);
            }
        }
        return samples;
    }

    /** Summarises one region's samples. Public for tests. */
    public static DemoResult.RegionTimeline timeline(String region, RegionPolicy policy, List<DemoResult.Sample> samples,
            long newVersion) {
        Long firstStale = null;
        Long firstNew = null;
        String earlyWhat = null;
        int freshInARow = 0;
        boolean converged = false;
        for (DemoResult.Sample s : samples) {
            boolean ok = s.status() == 200;
            boolean isNew = ok && s.version() >= newVersion;
            boolean stale = "STALE".equals(s.xCache());
            if ((isNew || ok && stale) && s.atMs() < policy.delayMs() && earlyWhat == null) {
                earlyWhat = (stale ? "STALE" : "v" + s.version()) + " at " + s.atMs() + "ms";
            }
            if (ok && !isNew && stale && firstStale == null) {
                firstStale = s.atMs();
            }
            if (isNew && !stale && firstNew == null) {
                firstNew = s.atMs();
            }
            freshInARow = isNew && !stale ? freshInARow + 1 : 0;
            converged |= freshInARow >= 2;
        }
        return new DemoResult.RegionTimeline(region, policy.strategy().wire(), policy.delayMs(), firstStale, firstNew,
                earlyWhat, converged, samples);
    }

    /** The timeline as an SVG picture: one lane per region, coloured by what each read served. */
    public static String svg(DemoResult result) {
        Map<String, List<Svg.Segment>> lanes = new LinkedHashMap<>();
        Map<String, Double> marks = new LinkedHashMap<>();
        for (DemoResult.RegionTimeline t : result.regions()) {
            String lane = t.region() + " (" + t.strategy() + ")";
            List<Svg.Segment> segments = new ArrayList<>();
            long from = 0;
            for (DemoResult.Sample s : t.samples()) {
                String state = s.status() != 200 ? "error"
                        : s.version() >= result.newVersion() ? "new" : "STALE".equals(s.xCache()) ? "stale" : "old";
                String label = "+" + s.atMs() + " ms: " + (s.status() == 200 ? (s.xCache() == null ? "-" : s.xCache())
                        + " v" + s.version() : "status " + s.status());
                Svg.Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
                if (last != null && last.state().equals(state)) {
                    segments.set(segments.size() - 1, new Svg.Segment(last.from(), s.atMs(), state, last.label()));
                } else {
                    segments.add(new Svg.Segment(from, s.atMs(), state, label));
                }
                from = s.atMs();
            }
            lanes.put(lane, segments);
            marks.put(lane, (double) t.delayMs());
        }
        return Svg.timeline("Content " + result.item() + ": v" + result.oldVersion() + " to v" + result.newVersion()
                + ", ms after the update started", lanes, marks);
    }
}
