package dev.edgesync.bench;

import static dev.edgesync.bench.Figures.ms;
import static dev.edgesync.bench.RunningTopology.HOST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.testkit.topology.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** 4: origin fetches for {@code --concurrent} requests of one cold key, split over two replicas of one region. */
final class CollapsingScenario implements Scenario {
    @Option(names = "--concurrent", converter = Count.class, paramLabel = "N",
            description = "Concurrent requests of the cold key, "
            + "2..5000 (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int concurrent;

    @Override
    public void validate(CommandLine cli) {
        Scenario.require(cli, "--concurrent", concurrent, 2, 5_000);
    }

    @Override
    public void run(RunningTopology t) throws Exception {
        String id = t.createContent("bench cold key", "bench-cold-" + System.nanoTime(),
                RunningTopology.randomText(1024, 1024));
        String path = "/api/content/" + id;
        long st = System.nanoTime();
        t.topology.startEdge(t.region, Map.of());
        double startSeconds = (System.nanoTime() - st) / 1e9;
        List<ServiceProcess> replicas = t.topology.edges(t.region);
        if (replicas.size() < 2) {
            throw new IllegalStateException("expected two replicas of " + t.region + ", have " + replicas.size());
        }
        replicas = replicas.subList(0, 2);
        warm(t, replicas);
        List<JsonNode> before = new ArrayList<>();
        for (ServiceProcess p : replicas) {
            before.add(t.summary(p.url()));
        }
        int n = concurrent;
        long[] latencies = new long[n];
        String[] results = new String[n];
        release(replicas, path, latencies, results);
        List<List<String>> byReplica = List.of(new ArrayList<>(), new ArrayList<>());
        Histogram lat = Figures.histogram();
        for (int i = 0; i < n; i++) {
            byReplica.get(i % 2).add(results[i] == null ? "no answer" : results[i]);
            lat.recordValue(latencies[i]);
        }
        List<String> per = new ArrayList<>();
        long fetches = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode after = t.summary(replicas.get(i).url());
            long f = after.path("originFetches").asLong() - before.get(i).path("originFetches").asLong();
            long c = after.path("collapsedRequests").asLong() - before.get(i).path("collapsedRequests").asLong();
            fetches += f;
            per.add(String.format(Locale.ROOT, "%s: %d fetch(es), %d collapsed, answers %s", replicas.get(i).name(),
                    f, c, Figures.tally(byReplica.get(i))));
        }
        t.report.command(String.format(Locale.ROOT, "collapsing: second %s replica via LocalTopology.startEdge; %,d "
                + "connections opened first (alternating replicas, %d each), both replicas warmed on other keys, then "
                + "one GET %s per connection, released together", t.region, n, n / 2, path.replace(id, "{id}")));
        t.report.row("4", String.format(Locale.ROOT, "Origin fetches, %,d concurrent requests of one cold key, 2 "
                        + "replicas of %s", n, t.region),
                fetches + " origin fetch(es)",
                String.format(Locale.ROOT, "%s (originFetches/collapsedRequests deltas from /metrics/summary); "
                                + "latency p50 %s, p99 %s; second replica started in %.1f s",
                        String.join("; ", per), ms(lat.getValueAtPercentile(50)), ms(lat.getValueAtPercentile(99)),
                        startSeconds));
    }

    /** Both replicas equally warm (miss and hit paths compiled) before the cold key is requested. */
    private static void warm(RunningTopology t, List<ServiceProcess> replicas) throws Exception {
        List<String> warmPaths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            warmPaths.add("/api/content/" + t.createContent("bench warm-up " + i, "bench-warm-" + i + "-"
                    + System.nanoTime(), RunningTopology.randomText(1024, i)));
        }
        for (ServiceProcess p : replicas) {
            for (String warmPath : warmPaths) {
                try (RawHttp c = new RawHttp(HOST, p.port(), 10_000)) {
                    for (int i = 0; i < 3; i++) {
                        c.exchange(c.request("GET", warmPath), false, false);
                    }
                }
            }
            HitLoad.run(HOST, p.port(), warmPaths.get(0), 16, Duration.ofSeconds(2), 1_000_000);
        }
    }

    /**
     * Opens one connection per request first (alternating replicas), then sends every request at once; each
     * request's latency in µs and its status and X-Cache.
     */
    private static void release(List<ServiceProcess> replicas, String path, long[] latencies, String[] results)
            throws Exception {
        int n = latencies.length;
        List<RawHttp> conns = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                conns.add(new RawHttp(HOST, replicas.get(i % 2).port(), 30_000));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Thread th = new Thread(() -> {
                    RawHttp c = conns.get(k);
                    try {
                        byte[] req = c.request("GET", path);
                        go.await();
                        long t0 = System.nanoTime();
                        RawHttp.Response r = c.exchange(req, false, false);
                        latencies[k] = (System.nanoTime() - t0) / 1000;
                        results[k] = r.status() + " " + r.xCache();
                    } catch (Exception e) {
                        results[k] = "error " + e.getClass().getSimpleName();
                    }
                }, "cold-" + i);
                th.setDaemon(true);
                th.setPriority(Thread.MAX_PRIORITY);
                threads.add(th);
                th.start();
            }
            Thread.sleep(500); // every thread parked on the latch with its connection open
            go.countDown();
            for (Thread th : threads) {
                th.join(60_000);
            }
        } finally {
            conns.forEach(RawHttp::close);
        }
    }
}
