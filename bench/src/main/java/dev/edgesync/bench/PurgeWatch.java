package dev.edgesync.bench;

import static dev.edgesync.bench.RunningTopology.HOST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.topology.RegionSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Utils;

/**
 * One tag purge, timed from the edge's side: {@link #WATCHERS} objects of a sample are probed back to back from the
 * purge call until each is answered not fresh, then every sampled object once; and the region's ack from the origin.
 */
final class PurgeWatch {
    /** Objects probed back to back for the timing of a purge, and the pause between two probes of one. */
    static final int WATCHERS = 8;
    static final long WATCH_PAUSE_MS = 2;

    /** Times from the purge call in ms; -1 where it did not happen. */
    record Run(long applyLatencyMs, long flipSentMs, long allNotFreshMs, long lastFreshMs, long checkedMs,
            long callMs, int watched, int sampleSize, int hitBefore, int notFresh, long probes, String outcomes,
            String otherRegions) {
    }

    private final RunningTopology t;
    private final int edgePort;

    PurgeWatch(RunningTopology t, int edgePort) {
        this.t = t;
        this.edgePort = edgePort;
    }

    /**
     * Unmeasured purges of tags nothing carries, one per partition of the invalidations topic (purges are keyed by
     * their first tag), each waited for in every region: the first event an edge receives on a partition costs it
     * about a second more than the next ones, which would otherwise land in the first measured purge.
     */
    void warmUp() throws InterruptedException {
        int partitions = LocalServers.PARTITIONS;
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; covered.size() < partitions && i < 100; i++) {
            String tag = "bench-warm-up-" + i;
            byte[] key = ("tag:" + tag).getBytes(StandardCharsets.UTF_8);
            if (!covered.add(Utils.toPositive(Utils.murmur2(key)) % partitions)) {
                continue;
            }
            String id = purge(tag);
            if (!RunningTopology.appliedEverywhere(t.awaitPurgeApplied(id, 100))) {
                throw new IllegalStateException("warm-up purge " + id + " not applied everywhere within 30 s");
            }
        }
    }

    Run purgeAndWatch(String tag, List<String> sample) throws Exception {
        // every sampled object must be served HIT before the purge, or the measurement means nothing
        Map<String, String> before = probeAll(sample);
        int hitBefore = (int) before.values().stream().filter("HIT"::equals).count();
        if (hitBefore != sample.size()) {
            throw new IllegalStateException("before the purge only " + hitBefore + " of " + sample.size()
                    + " sampled objects were served HIT: " + Figures.tally(before.values()) + " — does the bench "
                    + "still write the edge's entry format?");
        }
        int watchers = Math.min(WATCHERS, sample.size());
        AtomicLong lastHit = new AtomicLong();
        AtomicLong lastFlip = new AtomicLong();
        AtomicLong lastFlipSent = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        AtomicInteger flipped = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            String key = sample.get(i);
            Thread th = new Thread(() -> watch(key, go, deadline, lastHit, lastFlip, lastFlipSent, probes, flipped),
                    "purge-watch");
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        Thread.sleep(200); // watchers connected and parked
        long t0 = System.nanoTime();
        go.countDown();
        LabHttp.Response call = t.api.purge(Map.of("tags", List.of(tag)));
        long callMs = (System.nanoTime() - t0) / 1_000_000;
        if (!call.ok()) {
            throw new IllegalStateException("purge call failed: " + call.describe());
        }
        String id = call.json().path("id").asText();
        for (Thread th : threads) {
            th.join(TimeUnit.SECONDS.toMillis(70));
        }
        long lastFreshMs = lastHit.get() == 0 ? -1 : (lastHit.get() - t0) / 1_000_000;
        long flipSentMs = flipped.get() == 0 ? -1 : (lastFlipSent.get() - t0) / 1_000_000;
        long allNotFreshMs = flipped.get() == watchers ? (lastFlip.get() - t0) / 1_000_000 : -1;
        // coverage: then every object of the sample, once
        Map<String, String> after = probeAll(sample);
        long checkedMs = (System.nanoTime() - t0) / 1_000_000;
        int notFresh = (int) after.values().stream().filter(v -> !"HIT".equals(v)).count();
        // the region's ack
        JsonNode status = t.awaitPurgeApplied(id, 100);
        JsonNode mine = status.path("regions").path(t.region);
        if (!"applied".equals(mine.path("status").asText())) {
            throw new IllegalStateException("purge " + id + " not acknowledged by " + t.region + ": " + status);
        }
        List<String> others = new ArrayList<>();
        for (RegionSpec r : t.topology.regions()) {
            if (!r.name().equals(t.region)) {
                JsonNode s = status.path("regions").path(r.name());
                others.add(r.name() + " " + (s.has("latencyMs") ? s.path("latencyMs").asLong() + " ms" : "pending"));
            }
        }
        if (allNotFreshMs < 0) {
            throw new IllegalStateException("after 60 s, " + (watchers - flipped.get()) + " of " + watchers
                    + " watched objects were still served HIT");
        }
        if (notFresh != sample.size()) {
            throw new IllegalStateException("after the purge, " + (sample.size() - notFresh) + " of "
                    + sample.size() + " sampled objects were still served HIT: " + Figures.tally(after.values()));
        }
        return new Run(mine.path("latencyMs").asLong(), flipSentMs, allNotFreshMs, lastFreshMs, checkedMs, callMs,
                watchers, sample.size(), hitBefore, notFresh, probes.get(), Figures.tally(after.values()),
                String.join(", ", others));
    }

    /** Probes one object on its own connection from {@code go} on, until it is answered not fresh. */
    private void watch(String key, CountDownLatch go, long deadline, AtomicLong lastHit, AtomicLong lastFlip,
            AtomicLong lastFlipSent, AtomicLong probes, AtomicInteger flipped) {
        RawHttp conn = null;
        try {
            conn = new RawHttp(HOST, edgePort, 10_000);
            byte[] request = conn.request("GET", key);
            go.await();
            while (System.nanoTime() < deadline) {
                if (!conn.usable()) {
                    conn.close();
                    conn = new RawHttp(HOST, edgePort, 10_000);
                }
                long sent = System.nanoTime();
                RawHttp.Response r = conn.exchange(request, false, false);
                long at = System.nanoTime();
                probes.incrementAndGet();
                if (!"HIT".equals(r.xCache())) {
                    lastFlip.accumulateAndGet(at, Math::max);
                    lastFlipSent.accumulateAndGet(sent, Math::max);
                    flipped.incrementAndGet();
                    return;
                }
                lastHit.accumulateAndGet(at, Math::max);
                Thread.sleep(WATCH_PAUSE_MS);
            }
        } catch (Exception e) {
            System.err.println("bench: purge watcher failed: " + e);
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
    }

    private String purge(String tag) {
        LabHttp.Response call = t.api.purge(Map.of("tags", List.of(tag)));
        if (!call.ok()) {
            throw new IllegalStateException("purge call failed: " + call.describe());
        }
        return call.json().path("id").asText();
    }

    /** X-Cache of one GET of each key, over 16 keep-alive connections. */
    private Map<String, String> probeAll(List<String> keys) throws Exception {
        Map<String, String> out = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(keys);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(() -> {
                    try (RawHttp c = new RawHttp(HOST, edgePort, 10_000)) {
                        String key;
                        while ((key = queue.poll()) != null) {
                            RawHttp.Response r = c.exchange(c.request("GET", key), false, false);
                            out.put(key, r.status() == 200 ? r.xCache() : r.status() + " " + r.xCache());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
