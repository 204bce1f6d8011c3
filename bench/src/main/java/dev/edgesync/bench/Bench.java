package dev.edgesync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.servers.LabPaths;
import dev.edgesync.lab.servers.LocalServers;
import dev.edgesync.lab.topology.LocalTopology;
import dev.edgesync.lab.topology.RegionCatalog;
import dev.edgesync.lab.topology.RegionSpec;
import dev.edgesync.lab.topology.ServiceJvm;
import dev.edgesync.lab.topology.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The EdgeSync benchmark: starts the local topology (origin and one edge per region of the chart's values, on
 * real Kafka, PostgreSQL and Redis, all on loopback), then measures
 * <ol>
 * <li>hit throughput and latency of one edge for a 1 KiB and a 64 KiB body, 64 connections (wrk and the bench's
 * own driver);</li>
 * <li>invalidation overhead: origin commit to applied in each region, less the region's configured delay, over
 * paced content updates;</li>
 * <li>a tag purge covering 1,000,000 cached objects: apply time and time until a sample is no longer served fresh,
 * compared with the same purge over 1,000 objects;</li>
 * <li>origin fetches for 1,000 concurrent requests of one cold key across two replicas of one region.</li>
 * </ol>
 * Prints one table and writes it to {@code bench/results/latest.md}. Every loop is bounded in count and time; the
 * whole run stops by itself after {@code --max-minutes}.
 */
public final class Bench {
    private static final String HOST = "127.0.0.1";
    private static final LabHttp HTTP = new LabHttp();

    private final Options o;
    private final Report report = new Report();
    private LocalTopology topology;
    private String region;
    private long regionDelay;

    record Options(Set<Integer> only, int hitSeconds, int connections, int updates, int updateRate, long objects,
            long smallObjects, int sample, int concurrent, int maxMinutes, boolean wrk, boolean keep, Path out, String args) {
        static Options parse(String[] args) {
            Set<Integer> only = Set.of(1, 2, 3, 4);
            int hitSeconds = 15;
            int connections = 64;
            int updates = 1000;
            int rate = 50;
            long objects = 1_000_000;
            long small = 1_000;
            int sample = 2_000;
            int concurrent = 1_000;
            int maxMinutes = 10;
            boolean wrk = true;
            boolean keep = false;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--only" -> {
                        Set<Integer> s = new java.util.TreeSet<>();
                        for (String p : args[++i].split(",")) {
                            s.add(Integer.parseInt(p.trim()));
                        }
                        only = s;
                    }
                    case "--hit-seconds" -> hitSeconds = bounded(args[++i], 1, 60, a);
                    case "--connections" -> connections = bounded(args[++i], 1, 1024, a);
                    case "--updates" -> updates = bounded(args[++i], 1, 10_000, a);
                    case "--update-rate" -> rate = bounded(args[++i], 1, 500, a);
                    case "--objects" -> objects = bounded(args[++i], 1_000, 5_000_000, a);
                    case "--sample" -> sample = bounded(args[++i], 10, 20_000, a);
                    case "--concurrent" -> concurrent = bounded(args[++i], 2, 5_000, a);
                    case "--max-minutes" -> maxMinutes = bounded(args[++i], 1, 60, a);
                    case "--no-wrk" -> wrk = false;
                    case "--keep" -> keep = true;
                    case "--out" -> out = Path.of(args[++i]);
                    case "-h", "--help" -> {
                        System.out.println("""
                                usage: bench/run.sh topology [--only 1,2,3,4] [--hit-seconds 15] [--connections 64]
                                         [--updates 1000] [--update-rate 50] [--objects 1000000] [--sample 2000]
                                         [--concurrent 1000] [--max-minutes 10] [--no-wrk] [--keep] [--out FILE]
                                1 hit throughput/latency (1 KiB, 64 KiB)   2 invalidation overhead per region
                                3 tag purge over --objects cached objects   4 origin fetches, one cold key, two replicas
                                --keep keeps server data and logs under .edgesync/bench""");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            return new Options(only, hitSeconds, connections, updates, rate, objects, small, sample, concurrent,
                    maxMinutes, wrk, keep, out, String.join(" ", args));
        }

        private static int bounded(String value, int min, int max, String name) {
            int v = Integer.parseInt(value.trim().replace("_", "").replace(",", ""));
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max);
            }
            return v;
        }
    }

    private Bench(Options o) {
        this.o = o;
    }

    /** {@code topology [options]}: the EdgeSync-only scenarios below; anything else: the comparison ({@link Compare}). */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("topology")) {
            Compare.main(args);
            return;
        }
        args = java.util.Arrays.copyOfRange(args, 1, args.length);
        // the services this benchmark starts run as deployed: C2, fixed heap (as `./edgesync up --production`)
        System.setProperty(ServiceJvm.PROPERTY, "production");
        Options options;
        try {
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new Bench(options).run());
    }

    private int run() throws Exception {
        Path root = LabPaths.root();
        Path here = Path.of("").toAbsolutePath();
        Path out = o.out() != null ? o.out()
                : (Files.exists(here.resolve("bench/run.sh")) ? here : root).resolve("bench/results/topology.md");
        long started = System.nanoTime();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(o.maxMinutes()));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("bench: time limit of " + o.maxMinutes() + " min reached, stopping");
            report.note("STOPPED by the time limit of " + o.maxMinutes() + " min: the table is partial.");
            finish(out, "stopped by the time limit, partial");
            System.exit(3); // shutdown hooks stop the topology and the servers
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        machine(root);
        List<RegionSpec> regions = RegionCatalog.fromValues(root.resolve(RegionCatalog.VALUES));
        region = regions.get(0).name();
        regionDelay = regions.get(0).delayMs();
        Path dir = LabPaths.runDir("bench");
        LocalServers.deleteTree(dir);
        report.command(("bench/run.sh topology " + o.args()).trim());
        int failures = 0;
        try (LocalServers servers = new LocalServers(dir, !o.keep(), 0, 0, Map.of())) {
            long t0 = System.nanoTime();
            System.err.println("bench: starting Kafka, PostgreSQL, " + regions.size() + " Redis, the origin and "
                    + regions.size() + " edges ...");
            topology = LocalTopology.start(new LocalTopology.Options(regions, 0, 0, null, null, dir, Map.of()),
                    servers);
            String redisVersion = redisVersion(servers);
            report.machine("Redis " + redisVersion + ", PostgreSQL and a KRaft Kafka broker as local child processes");
            report.note(String.format(Locale.ROOT, "Topology up in %.1f s: origin %s; %s.", (System.nanoTime() - t0) / 1e9,
                    topology.originUrl(), describeRegions(regions)));
            Map<Integer, Scenario> scenarios = new LinkedHashMap<>();
            scenarios.put(1, this::hits);
            scenarios.put(2, this::invalidationOverhead);
            scenarios.put(3, this::tagPurge);
            scenarios.put(4, this::collapsing);
            for (Map.Entry<Integer, Scenario> s : scenarios.entrySet()) {
                if (!o.only().contains(s.getKey())) {
                    continue;
                }
                long st = System.nanoTime();
                try {
                    s.getValue().run();
                } catch (Exception | AssertionError e) {
                    failures++;
                    e.printStackTrace();
                    report.row(String.valueOf(s.getKey()), "FAILED", e.getClass().getSimpleName(),
                            String.valueOf(e.getMessage()));
                }
                System.err.printf(Locale.ROOT, "bench: scenario %d took %.1f s%n", s.getKey(),
                        (System.nanoTime() - st) / 1e9);
            }
        } finally {
            if (topology != null) {
                topology.close();
            }
        }
        report.note(String.format(Locale.ROOT, "Whole run (topology start, all scenarios, stop): %.1f s.",
                (System.nanoTime() - started) / 1e9));
        finish(out, failures == 0 ? "complete" : failures + " scenario(s) failed");
        watchdog.interrupt();
        if (o.keep()) {
            System.err.println("bench: server data and logs kept in " + dir);
        }
        return failures == 0 ? 0 : 1;
    }

    private synchronized void finish(Path out, String status) {
        String md = report.markdown(status);
        System.out.println();
        System.out.println(md);
        try {
            report.write(out, status);
            System.err.println("bench: written to " + out);
        } catch (IOException e) {
            System.err.println("bench: cannot write " + out + ": " + e);
        }
    }

    @FunctionalInterface
    interface Scenario {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ 1. hits

    private void hits() throws Exception {
        String edge = topology.edgeUrl(region);
        int port = URI.create(edge).getPort();
        for (int size : new int[] {1024, 64 * 1024}) {
            String label = size == 1024 ? "1 KiB" : "64 KiB";
            String id = createContent("bench hit " + label, "bench-hit-" + size + "-" + System.nanoTime(),
                    randomText(size, size));
            String path = "/api/content/" + id;
            RawHttp.Response warm = warm(port, path);
            String what = String.format(Locale.ROOT, "%s body (%,d B response), %s, %d connections", label,
                    warm.bodyBytes(), region, o.connections());
            System.err.println("bench: hit load " + what);
            HitLoad.run(HOST, port, path, o.connections(), Duration.ofSeconds(3), 5_000_000); // JIT warm-up
            if (o.wrk()) {
                java.util.Optional<String> wrk = Wrk.binary();
                if (wrk.isEmpty()) {
                    report.row("1", "Hit, " + label + ", wrk", "skipped", "wrk not installed (bench/run.sh installs "
                            + "the Debian package when run as root); see the bench driver's row");
                } else {
                    List<String> cmd = Wrk.command(wrk.get(), 2, o.connections(), o.hitSeconds(), edge + path);
                    report.command(Wrk.display(cmd));
                    JsonNode before = summary(edge);
                    Wrk.Result r = Wrk.run(cmd, o.hitSeconds());
                    JsonNode after = summary(edge);
                    long req = after.path("requests").asLong() - before.path("requests").asLong();
                    long hit = after.path("hits").asLong() - before.path("hits").asLong();
                    report.row("1", "Hit, " + what + ", wrk",
                            String.format(Locale.ROOT, "%s req/s, p50 %s, p99 %s", Stats.fmt(r.requestsPerSecond(), 0),
                                    Stats.ms(r.p50Micros()), Stats.ms(r.p99Micros())),
                            String.format(Locale.ROOT, "%,d requests in %d s; edge counted %s HIT; non-2xx %d; socket "
                                    + "errors %s", r.requests(), o.hitSeconds(), pct(hit, req), r.non2xx(),
                                    r.socketErrors()));
                }
            }
            HitLoad.Result d = HitLoad.run(HOST, port, path, o.connections(), Duration.ofSeconds(o.hitSeconds()),
                    20_000_000);
            report.command(String.format(Locale.ROOT, "bench driver: %d keep-alive connections (1 thread each), GET %s "
                    + "for %d s, max 20,000,000 requests", o.connections(), path.replace(id, "{id}"), o.hitSeconds()));
            report.row("1", "Hit, " + what + ", bench driver",
                    String.format(Locale.ROOT, "%s req/s, p50 %s, p99 %s", Stats.fmt(d.requestsPerSecond(), 0),
                            Stats.ms(d.p50Micros()), Stats.ms(d.p99Micros())),
                    String.format(Locale.ROOT, "%,d requests in %.1f s; %s HIT; %d errors; p90 %s, max %s; %s MB/s",
                            d.requests(), d.seconds(), pct(d.hits(), d.requests()), d.errors(), Stats.ms(d.p90Micros()),
                            Stats.ms(d.maxMicros()), Stats.fmt(d.bodyBytes() / d.seconds() / 1e6, 1)));
        }
    }

    private RawHttp.Response warm(int port, String path) throws Exception {
        RawHttp.Response last = null;
        for (int i = 0; i < 50; i++) {
            try (RawHttp c = new RawHttp(HOST, port, 5000)) {
                last = c.exchange(c.request("GET", path), false, false);
            }
            if (last.status() == 200 && "HIT".equals(last.xCache())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(path + " not served HIT after warming: " + (last == null ? "no answer"
                : last.status() + " X-Cache " + last.xCache()));
    }

    // ------------------------------------------------------------------ 2. invalidation overhead

    private void invalidationOverhead() throws Exception {
        int n = o.updates();
        List<RegionSpec> regions = topology.regions();
        System.err.printf("bench: creating %d items for the invalidation run ...%n", n);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        long createStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> created = new ArrayList<>();
            String run = Long.toString(System.nanoTime(), 36);
            for (int i = 0; i < n; i++) {
                int k = i;
                created.add(pool.submit(() -> createContent("bench propagation " + k, "bench-prop-" + run + "-" + k,
                        "body of item " + k)));
            }
            for (Future<String> f : created) {
                ids.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        double createSeconds = (System.nanoTime() - createStart) / 1e9;
        // let the create events settle everywhere before the measured updates
        awaitApplied(ids.get(ids.size() - 1), Duration.ofSeconds(30));
        Thread.sleep(regions.stream().mapToLong(RegionSpec::delayMs).max().orElse(0) + 500);
        Map<String, Map<String, Double>> before = new HashMap<>();
        for (RegionSpec r : regions) {
            before.put(r.name(), overheadMetric(topology.edgeUrl(r.name())));
        }

        System.err.printf("bench: %d updates at %d/s ...%n", n, o.updateRate());
        Map<String, Long> versions = new ConcurrentHashMap<>();
        AtomicInteger failedWrites = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / o.updateRate();
        long writeDeadline = start + TimeUnit.SECONDS.toNanos(n / o.updateRate() + 60);
        try {
            for (int i = 0; i < n && System.nanoTime() < writeDeadline; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String id = ids.get(i);
                int k = i;
                writers.submit(() -> {
                    LabHttp.Response r = HTTP.put(topology.originUrl() + "/api/content/" + id,
                            Map.of("title", "bench propagation " + k + " updated"), topology.writeToken());
                    if (r.ok()) {
                        versions.put(id, r.json().path("version").asLong());
                    } else {
                        failedWrites.incrementAndGet();
                    }
                });
            }
        } finally {
            writers.shutdown();
            writers.awaitTermination(60, TimeUnit.SECONDS);
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;

        // each item's latest event is its update: read the per-region acks from the origin
        Map<String, List<Long>> overheads = new LinkedHashMap<>();
        regions.forEach(r -> overheads.put(r.name(), Collections.synchronizedList(new ArrayList<>())));
        ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>(versions.keySet());
        AtomicInteger superseded = new AtomicInteger();
        long pollDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ExecutorService pollers = Executors.newFixedThreadPool(4);
        Map<String, Long> delays = new HashMap<>();
        regions.forEach(r -> delays.put(r.name(), r.delayMs()));
        for (int t = 0; t < 4; t++) {
            pollers.submit(() -> {
                String id;
                while ((id = pending.poll()) != null && System.nanoTime() < pollDeadline) {
                    LabHttp.Response answer = HTTP.get(topology.originUrl() + "/api/content/" + id + "/propagation");
                    if (!answer.ok()) {
                        pending.add(id);
                        sleepQuietly(50);
                        continue;
                    }
                    JsonNode p = answer.json();
                    if (p.path("version").asLong() != versions.get(id)) {
                        superseded.incrementAndGet();
                        continue;
                    }
                    if (!"applied".equals(p.path("status").asText())) {
                        pending.add(id);
                        sleepQuietly(20);
                        continue;
                    }
                    for (RegionSpec r : regions) {
                        long latency = p.path("regions").path(r.name()).path("latencyMs").asLong();
                        overheads.get(r.name()).add(latency - delays.get(r.name()));
                    }
                }
                return null;
            });
        }
        pollers.shutdown();
        pollers.awaitTermination(90, TimeUnit.SECONDS);
        pollers.shutdownNow();
        int notApplied = pending.size();

        report.command(String.format(Locale.ROOT, "invalidation: %,d items created (POST /api/content, 8 threads), then "
                + "one PUT /api/content/{id} per item paced at %d/s; per-region latencyMs from GET "
                + "/api/content/{id}/propagation (ack appliedAt - event issuedAt) minus the region delay", n,
                o.updateRate()));
        for (RegionSpec r : regions) {
            Stats s = Stats.of(overheads.get(r.name()));
            Map<String, Double> after = overheadMetric(topology.edgeUrl(r.name()));
            double count = after.getOrDefault("count", 0.0) - before.get(r.name()).getOrDefault("count", 0.0);
            double sum = after.getOrDefault("sum", 0.0) - before.get(r.name()).getOrDefault("sum", 0.0);
            String bucket99 = bucketPercentile(before.get(r.name()), after, 0.99);
            report.row("2", String.format(Locale.ROOT, "Invalidation overhead, %s (%s, delay %d ms)", r.name(),
                            r.strategy().wire(), r.delayMs()),
                    String.format(Locale.ROOT, "p50 %d ms, p99 %d ms", s.percentile(50), s.percentile(99)),
                    String.format(Locale.ROOT, "%,d updates measured (max %d ms); commit→applied p50 %d ms; edge "
                                    + "metric edgesync_invalidation_overhead_seconds over the run: %.0f events, mean %.1f "
                                    + "ms, p99 bucket %s", s.count(), s.max(), s.percentile(50) + r.delayMs(), count,
                            count == 0 ? 0 : sum / count * 1000, bucket99));
        }
        report.note(String.format(Locale.ROOT, "Invalidation run: %,d creates in %.1f s; %,d updates sent in %.1f s "
                        + "(%d failed); %d superseded, %d not applied within 60 s.", n, createSeconds, versions.size(),
                writeSeconds, failedWrites.get(), superseded.get(), notApplied));
    }

    private void awaitApplied(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            LabHttp.Response r = HTTP.get(topology.originUrl() + "/api/content/" + id + "/propagation");
            if (r.ok() && "applied".equals(r.json().path("status").asText())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("content " + id + " not applied in every region within " + timeout);
    }

    /** sum, count and cumulative buckets ("le=...") of edgesync_invalidation_overhead_seconds. */
    private static Map<String, Double> overheadMetric(String edge) {
        LabHttp.Response r = HTTP.get(edge + "/q/metrics");
        Map<String, Double> out = new TreeMap<>();
        if (!r.ok()) {
            return out;
        }
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("edgesync_invalidation_overhead_seconds")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            double value = Double.parseDouble(line.substring(space + 1));
            if (line.startsWith("edgesync_invalidation_overhead_seconds_sum")) {
                out.merge("sum", value, Double::sum);
            } else if (line.startsWith("edgesync_invalidation_overhead_seconds_count")) {
                out.merge("count", value, Double::sum);
            } else if (line.startsWith("edgesync_invalidation_overhead_seconds_bucket")) {
                int le = line.indexOf("le=\"");
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                out.merge("le=" + bound, value, Double::sum);
            }
        }
        return out;
    }

    /** The upper bound of the histogram bucket holding the p-th quantile of the events between two scrapes. */
    static String bucketPercentile(Map<String, Double> before, Map<String, Double> after, double q) {
        double total = after.getOrDefault("count", 0.0) - before.getOrDefault("count", 0.0);
        if (total <= 0) {
            return "n/a";
        }
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (e.getKey().startsWith("le=")) {
                String b = e.getKey().substring(3);
                double bound = b.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b);
                buckets.put(bound, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
            }
        }
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (b.getValue() >= q * total) {
                return b.getKey().isInfinite() ? "> last bucket"
                        : String.format(Locale.ROOT, "≤ %.0f ms", b.getKey() * 1000);
            }
        }
        return "n/a";
    }

    // ------------------------------------------------------------------ 3. tag purge over 1M objects

    private void tagPurge() throws Exception {
        int redisPort = topology.servers().redis(region).port();
        String edge = topology.edgeUrl(region);
        int edgePort = URI.create(edge).getPort();
        try (Resp redis = new Resp(HOST, redisPort)) {
            long maxmemory = Long.parseLong(configGet(redis, "maxmemory"));
            long used0 = usedMemory(redis);
            long keys0 = (Long) redis.call("DBSIZE");

            warmUpPurges();
            // the same purge over 1,000 objects first
            Populator.Result small = Populator.populate(HOST, redisPort, "bsmall", "bench-tag-small", o.smallObjects(), 2);
            long usedSmall = usedMemory(redis);
            List<String> smallSample = new ArrayList<>();
            for (long i = 0; i < o.smallObjects(); i++) {
                smallSample.add(Populator.key("bsmall", i));
            }
            PurgeRun smallRun = purgeAndWatch(edgePort, "bench-tag-small", smallSample);

            long perEntry = Math.max(1, (usedSmall - used0) / o.smallObjects());
            long needed = usedMemory(redis) + perEntry * o.objects() * 13 / 10;
            String memoryNote = "maxmemory " + mb(maxmemory) + " as the lab starts it";
            if (maxmemory > 0 && needed > maxmemory) {
                long raised = ((needed >> 28) + 1) << 28; // next 256 MiB
                redis.call("CONFIG", "SET", "maxmemory", Long.toString(raised));
                memoryNote = "maxmemory raised from " + mb(maxmemory) + " (lab default) to " + mb(raised)
                        + " with CONFIG SET for this run, so that no entry is evicted";
            }
            long evicted0 = Long.parseLong(Resp.infoField(redis.callString("INFO", "stats"), "evicted_keys"));
            long used1 = usedMemory(redis);
            System.err.printf("bench: writing %,d entries into %s's Redis ...%n", o.objects(), region);
            Populator.Result big = Populator.populate(HOST, redisPort, "b", "bench-tag", o.objects(), 2);
            long used2 = usedMemory(redis);
            long keys2 = (Long) redis.call("DBSIZE");
            long evicted = Long.parseLong(Resp.infoField(redis.callString("INFO", "stats"), "evicted_keys")) - evicted0;
            report.row("3", String.format(Locale.ROOT, "Populate %,d objects tagged bench-tag in %s's Redis",
                            o.objects(), region),
                    String.format(Locale.ROOT, "%s used by them (%,d B each)", mb(used2 - used1),
                            (used2 - used1) / o.objects()),
                    String.format(Locale.ROOT, "%,d entries of %d B (edge format, EntryCodec) written in %.1f s "
                                    + "(%s/s, pipelined SET PX); Redis used_memory %s, %,d keys, %d evicted; %s",
                            big.count(), big.entryBytes(), big.seconds(), Stats.fmt(big.perSecond(), 0), mb(used2),
                            keys2, evicted, memoryNote));

            Random random = new Random(42);
            List<String> sample = new ArrayList<>();
            Set<Long> picked = new java.util.HashSet<>();
            while (sample.size() < Math.min(o.sample(), o.objects())) {
                long i = (long) (random.nextDouble() * o.objects());
                if (picked.add(i)) {
                    sample.add(Populator.key("b", i));
                }
            }
            PurgeRun bigRun = purgeAndWatch(edgePort, "bench-tag", sample);
            long keys3 = (Long) redis.call("DBSIZE");
            long used3 = usedMemory(redis);

            report.command("purge: POST /api/purge {\"tags\":[\"bench-tag\"]} (mode default: the eager region "
                    + "removes), Authorization: Bearer $EDGESYNC_PURGE_TOKEN; apply time from GET /api/purge/{id} "
                    + "(region ack appliedAt - issuedAt); " + WATCHERS + " of the " + o.sample() + " sampled objects "
                    + "(random, seed 42) probed back to back (" + WATCH_PAUSE_MS + " ms apart, one connection each) "
                    + "from the purge call until not HIT, then every sampled object once (16 connections); first one "
                    + "unmeasured purge per topic partition, so that no figure includes a cold start");
            for (PurgeRun run : List.of(smallRun, bigRun)) {
                long count = run == bigRun ? o.objects() : o.smallObjects();
                report.row("3", String.format(Locale.ROOT, "Tag purge over %,d cached objects, %s (%s, delay %d ms)",
                                count, region, topology.region(region).strategy().wire(), regionDelay),
                        String.format(Locale.ROOT, "last fresh answer %d ms after the purge call, none after; "
                                + "applied %d ms after issue (%d ms over the delay)", run.lastFreshMs,
                                run.applyLatencyMs, run.applyLatencyMs - regionDelay),
                        String.format(Locale.ROOT, "%d watched objects probed back to back (%,d probes): last HIT "
                                        + "answer +%d ms, every watcher's next probe not fresh (sent by +%d ms, "
                                        + "answered by +%d ms, a refill from the origin); then the whole sample: "
                                        + "%,d/%,d not fresh (%s), checked by +%d ms; before the purge %,d/%,d HIT; "
                                        + "purge call %d ms; other regions applied in %s",
                                run.watched, run.probes, run.lastFreshMs, run.flipSentMs, run.allNotFreshMs,
                                run.notFresh, run.sampleSize, run.outcomes, run.checkedMs, run.hitBefore,
                                run.sampleSize, run.callMs, run.otherRegions));
            }
            report.row("3", "Purge cost vs object count",
                    String.format(Locale.ROOT, "apply overhead %d ms (%,d objects) vs %d ms (%,d objects)",
                            bigRun.applyLatencyMs - regionDelay, o.objects(), smallRun.applyLatencyMs - regionDelay,
                            o.smallObjects()),
                    String.format(Locale.ROOT, "a tag purge is one generation bump: Redis keys %,d before and %,d "
                                    + "after the big purge (nothing scanned or deleted; entries are judged at lookup and "
                                    + "expire by TTL); used_memory %s after", keys2, keys3, mb(used3)));
            report.note("The purge objects exist only in the region's Redis (written in the edge's entry format with a "
                    + "generation snapshot, verified HIT through the edge first); the origin has no such paths, so once "
                    + "purged each probe is refilled from the origin, which answers 404 (not stored: BYPASS). A tag "
                    + "purge removes in the eager region by bumping the tag's generation; the entries stay in Redis "
                    + "until their TTL and are judged invalid at lookup.");
            report.note(String.format(Locale.ROOT, "Redis before the purge scenario: %,d keys, %s; the 1,000-object "
                    + "group took %s (%d B per entry incl. Redis overhead) and was written in %.2f s.", keys0, mb(used0),
                    mb(usedSmall - used0), perEntry, small.seconds()));
        }
    }

    /** Objects probed back to back for the timing of a purge, and the pause between two probes of one. */
    private static final int WATCHERS = 8;
    private static final long WATCH_PAUSE_MS = 2;

    /**
     * Unmeasured purges of tags nothing carries, one per partition of the invalidations topic (purges are keyed by
     * their first tag), each waited for in every region: the first event an edge receives on a partition costs it
     * about a second more than the next ones, which would otherwise land in the first measured purge.
     */
    private void warmUpPurges() throws InterruptedException {
        int partitions = LocalServers.PARTITIONS;
        Set<Integer> covered = new java.util.HashSet<>();
        for (int i = 0; covered.size() < partitions && i < 100; i++) {
            String tag = "bench-warm-up-" + i;
            byte[] key = ("tag:" + tag).getBytes(StandardCharsets.UTF_8);
            int partition = org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(key)) % partitions;
            if (!covered.add(partition)) {
                continue;
            }
            LabHttp.Response call = HTTP.post(topology.originUrl() + "/api/purge", Map.of("tags", List.of(tag)),
                    topology.purgeToken());
            if (!call.ok()) {
                throw new IllegalStateException("purge call failed: " + call.describe());
            }
            String id = call.json().path("id").asText();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean applied = false;
            while (!applied && System.nanoTime() < deadline) {
                LabHttp.Response r = HTTP.get(topology.originUrl() + "/api/purge/" + id, topology.purgeToken());
                applied = r.ok() && "applied".equals(r.json().path("status").asText());
                if (!applied) {
                    Thread.sleep(100);
                }
            }
            if (!applied) {
                throw new IllegalStateException("warm-up purge " + id + " not applied everywhere within 30 s");
            }
        }
    }

    private static final class PurgeRun {
        long applyLatencyMs;
        long flipSentMs;
        long allNotFreshMs;
        long lastFreshMs;
        long checkedMs;
        long callMs;
        int watched;
        int sampleSize;
        int hitBefore;
        int notFresh;
        long probes;
        String outcomes;
        String otherRegions;
    }

    private PurgeRun purgeAndWatch(int edgePort, String tag, List<String> sample) throws Exception {
        PurgeRun run = new PurgeRun();
        run.sampleSize = sample.size();
        // every sampled object must be served HIT before the purge, or the measurement means nothing
        Map<String, String> before = probeAll(edgePort, sample, 16);
        run.hitBefore = (int) before.values().stream().filter("HIT"::equals).count();
        if (run.hitBefore != sample.size()) {
            throw new IllegalStateException("before the purge only " + run.hitBefore + " of " + sample.size()
                    + " sampled objects were served HIT: " + tally(before.values()) + " — does the bench still write "
                    + "the edge's entry format?");
        }
        // timing: WATCHERS objects of the sample, each probed back to back on its own connection from the purge
        // call on, until it is answered not fresh
        int watchers = Math.min(WATCHERS, sample.size());
        AtomicLong lastHit = new AtomicLong();
        AtomicLong lastFlip = new AtomicLong();
        AtomicLong lastFlipSent = new AtomicLong();
        AtomicLong probes = new AtomicLong();
        AtomicInteger flipped = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < watchers; t++) {
            String key = sample.get(t);
            Thread th = new Thread(() -> {
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
                        if ("HIT".equals(r.xCache())) {
                            lastHit.accumulateAndGet(at, Math::max);
                            Thread.sleep(WATCH_PAUSE_MS);
                        } else {
                            lastFlip.accumulateAndGet(at, Math::max);
                            lastFlipSent.accumulateAndGet(sent, Math::max);
                            flipped.incrementAndGet();
                            return;
                        }
                    }
                } catch (Exception e) {
                    System.err.println("bench: purge watcher failed: " + e);
                } finally {
                    if (conn != null) {
                        conn.close();
                    }
                }
            }, "purge-watch");
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        Thread.sleep(200); // watchers connected and parked
        long t0 = System.nanoTime();
        go.countDown();
        LabHttp.Response call = HTTP.post(topology.originUrl() + "/api/purge", Map.of("tags", List.of(tag)),
                topology.purgeToken());
        run.callMs = (System.nanoTime() - t0) / 1_000_000;
        if (!call.ok()) {
            throw new IllegalStateException("purge call failed: " + call.describe());
        }
        String id = call.json().path("id").asText();
        for (Thread th : threads) {
            th.join(TimeUnit.SECONDS.toMillis(70));
        }
        run.probes = probes.get();
        run.watched = watchers;
        run.lastFreshMs = lastHit.get() == 0 ? -1 : (lastHit.get() - t0) / 1_000_000;
        run.flipSentMs = flipped.get() == 0 ? -1 : (lastFlipSent.get() - t0) / 1_000_000;
        run.allNotFreshMs = flipped.get() == watchers ? (lastFlip.get() - t0) / 1_000_000 : -1;
        // coverage: then every object of the sample, once
        Map<String, String> after = probeAll(edgePort, sample, 16);
        run.checkedMs = (System.nanoTime() - t0) / 1_000_000;
        run.notFresh = (int) after.values().stream().filter(v -> !"HIT".equals(v)).count();
        run.outcomes = tally(after.values());
        // the region's ack
        long ackDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode status = null;
        while (System.nanoTime() < ackDeadline) {
            status = HTTP.get(topology.originUrl() + "/api/purge/" + id, topology.purgeToken()).json();
            if ("applied".equals(status.path("status").asText())) {
                break;
            }
            Thread.sleep(100);
        }
        JsonNode mine = status == null ? null : status.path("regions").path(region);
        if (mine == null || !"applied".equals(mine.path("status").asText())) {
            throw new IllegalStateException("purge " + id + " not acknowledged by " + region + ": " + status);
        }
        run.applyLatencyMs = mine.path("latencyMs").asLong();
        List<String> others = new ArrayList<>();
        for (RegionSpec r : topology.regions()) {
            if (!r.name().equals(region)) {
                JsonNode s = status.path("regions").path(r.name());
                others.add(r.name() + " " + (s.has("latencyMs") ? s.path("latencyMs").asLong() + " ms" : "pending"));
            }
        }
        run.otherRegions = String.join(", ", others);
        if (run.allNotFreshMs < 0) {
            throw new IllegalStateException("after 60 s, " + (watchers - flipped.get()) + " of " + watchers
                    + " watched objects were still served HIT");
        }
        if (run.notFresh != sample.size()) {
            throw new IllegalStateException("after the purge, " + (sample.size() - run.notFresh) + " of "
                    + sample.size() + " sampled objects were still served HIT: " + run.outcomes);
        }
        return run;
    }

    private static String tally(java.util.Collection<String> values) {
        Map<String, Integer> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.toString().replace("{", "").replace("}", "");
    }

    /** X-Cache of one GET of each key, {@code connections} keep-alive connections. */
    private static Map<String, String> probeAll(int port, List<String> keys, int connections) throws Exception {
        Map<String, String> out = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(keys);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                fs.add(pool.submit(() -> {
                    try (RawHttp c = new RawHttp(HOST, port, 10_000)) {
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

    private static long usedMemory(Resp redis) throws IOException {
        return Long.parseLong(Resp.infoField(redis.callString("INFO", "memory"), "used_memory"));
    }

    private static String configGet(Resp redis, String name) throws IOException {
        List<?> r = (List<?>) redis.call("CONFIG", "GET", name);
        return new String((byte[]) r.get(1), StandardCharsets.UTF_8);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    // ------------------------------------------------------------------ 4. collapsing across two replicas

    private void collapsing() throws Exception {
        String id = createContent("bench cold key", "bench-cold-" + System.nanoTime(), randomText(1024, 1024));
        String path = "/api/content/" + id;
        long st = System.nanoTime();
        topology.startEdge(region, Map.of());
        double startSeconds = (System.nanoTime() - st) / 1e9;
        List<ServiceProcess> replicas = topology.edges(region);
        if (replicas.size() < 2) {
            throw new IllegalStateException("expected two replicas of " + region + ", have " + replicas.size());
        }
        replicas = replicas.subList(0, 2);
        // both replicas equally warm (miss and hit paths compiled) before the cold key is requested
        List<String> warmPaths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            warmPaths.add("/api/content/" + createContent("bench warm-up " + i, "bench-warm-" + i + "-"
                    + System.nanoTime(), randomText(1024, i)));
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
        List<JsonNode> before = new ArrayList<>();
        for (ServiceProcess p : replicas) {
            before.add(summary(p.url()));
        }
        int n = o.concurrent();
        List<RawHttp> conns = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                conns.add(new RawHttp(HOST, replicas.get(i % 2).port(), 30_000));
            }
            CountDownLatch go = new CountDownLatch(1);
            long[] latencies = new long[n];
            String[] results = new String[n];
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Thread t = new Thread(() -> {
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
                t.setDaemon(true);
                t.setPriority(Thread.MAX_PRIORITY);
                threads.add(t);
                t.start();
            }
            Thread.sleep(500); // every thread parked on the latch with its connection open
            go.countDown();
            for (Thread t : threads) {
                t.join(60_000);
            }
            List<List<String>> byReplica = List.of(new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < n; i++) {
                byReplica.get(i % 2).add(results[i] == null ? "no answer" : results[i]);
            }
            Stats lat = Stats.of(latencies, n);
            List<String> per = new ArrayList<>();
            long fetches = 0;
            long collapsed = 0;
            for (int i = 0; i < 2; i++) {
                JsonNode after = summary(replicas.get(i).url());
                long f = after.path("originFetches").asLong() - before.get(i).path("originFetches").asLong();
                long c = after.path("collapsedRequests").asLong() - before.get(i).path("collapsedRequests").asLong();
                fetches += f;
                collapsed += c;
                per.add(String.format(Locale.ROOT, "%s: %d fetch(es), %d collapsed, answers %s", replicas.get(i).name(),
                        f, c, tally(byReplica.get(i))));
            }
            report.command(String.format(Locale.ROOT, "collapsing: second %s replica via LocalTopology.startEdge; %,d "
                    + "connections opened first (alternating replicas, %d each), both replicas warmed on other keys, then "
                    + "one GET %s per connection, released together",
                    region, n, n / 2, path.replace(id, "{id}")));
            report.row("4", String.format(Locale.ROOT, "Origin fetches, %,d concurrent requests of one cold key, 2 "
                            + "replicas of %s", n, region),
                    fetches + " origin fetch(es)",
                    String.format(Locale.ROOT, "%s (originFetches/collapsedRequests deltas from /metrics/summary); "
                                    + "latency p50 %s, p99 %s; second replica started in %.1f s",
                            String.join("; ", per), Stats.ms(lat.percentile(50)), Stats.ms(lat.percentile(99)),
                            startSeconds));
        } finally {
            conns.forEach(RawHttp::close);
        }
    }

    // ------------------------------------------------------------------ helpers

    private String createContent(String title, String slug, String body) {
        LabHttp.Response r = HTTP.post(topology.originUrl() + "/api/content",
                Map.of("title", title, "slug", slug, "body", body, "tags", List.of("bench")), topology.writeToken());
        if (!r.ok()) {
            throw new IllegalStateException("cannot create content: " + r.describe());
        }
        return r.json().path("id").asText();
    }

    private static JsonNode summary(String edge) {
        LabHttp.Response r = HTTP.get(edge + "/metrics/summary");
        if (!r.ok()) {
            throw new IllegalStateException("GET " + edge + "/metrics/summary: " + r.describe());
        }
        return r.json();
    }

    /** Printable ASCII of exactly {@code bytes} bytes. */
    static String randomText(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(bytes);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,";
        for (int i = 0; i < bytes; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String pct(long part, long total) {
        return total == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / total);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String describeRegions(List<RegionSpec> regions) {
        List<String> parts = new ArrayList<>();
        for (RegionSpec r : regions) {
            parts.add(r.name() + " " + r.strategy().wire() + " " + r.delayMs() + " ms");
        }
        return "regions " + String.join(", ", parts) + " (from " + RegionCatalog.VALUES + "); measured edge: "
                + region;
    }

    private String redisVersion(LocalServers servers) {
        try (Resp redis = new Resp(HOST, servers.redis(region).port())) {
            return Resp.infoField(redis.callString("INFO", "server"), "redis_version");
        } catch (IOException e) {
            return "?";
        }
    }

    private void machine(Path root) {
        report.machine(Runtime.getRuntime().availableProcessors() + " CPU cores ("
                + cpuModel() + "), " + memTotal() + " RAM, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + "; every process (servers, origin, edges, load generators) "
                + "shares these cores, loopback only");
        report.machine("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "); services run with " + String.join(" ", ServiceJvm.current()) + " (the production set)");
        Wrk.binary().ifPresent(w -> report.machine(firstLine(exec(List.of(w, "-v")))));
        // the checkout run.sh was started from (the service jars may come from EDGESYNC_ROOT)
        String here = Path.of("").toAbsolutePath().toString();
        String commit = firstLine(exec(List.of("git", "-C", here, "rev-parse", "--short", "HEAD")));
        String dirty = exec(List.of("git", "-C", here, "status", "--porcelain", "--untracked-files=no"));
        report.machine("EdgeSync commit " + (commit.isBlank() || commit.startsWith("fatal") ? "unknown" : commit)
                + (dirty.isBlank() || commit.startsWith("fatal") ? "" : " with uncommitted changes in the checkout")
                + (Path.of(here).equals(root) ? "" : "; service jars from " + root));
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return "unknown CPU";
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return "unknown";
    }

    private static String exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
