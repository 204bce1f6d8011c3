package dev.edgesync.bench;

import dev.edgesync.bench.ComparisonTable.Metric;
import dev.edgesync.lab.load.Zipf;
import dev.edgesync.testkit.servers.KafkaBroker;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.topology.ServiceJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The comparison: the same nginx origin behind nginx proxy_cache, Varnish and the EdgeSync edge; the caching tier
 * (cache, its Redis, the origin) pinned to one CPU, the load generators (wrk, h2load, this JVM's drivers) to the
 * other; interleaved rounds, medians, one table with ratios to nginx in bench/results/latest.md.
 * <p>
 * Over 300 lines: its 18 options with their help text take a third of it; each measure is a small class of its own
 * (Wrk, H2load, ZipfLoad, MissStorm, RedisTrips) and this class only runs them in rounds and writes the result.
 */
@Command(name = "bench/run.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare the EdgeSync edge with nginx proxy_cache and Varnish in front of one nginx origin. "
                + "(bench/run.sh topology --help: the EdgeSync-only scenarios.)")
public final class Compare implements Callable<Integer> {
    /**
     * The edge runs as a plain HTTP cache in front of the nginx origin ({@code edgesync.invalidation.enabled=false}:
     * no Kafka), as nginx and Varnish do; false gives it a Kafka broker from the lab's LocalServers instead.
     */
    static final boolean EDGE_WITHOUT_INVALIDATIONS = true;

    @Option(names = "--rounds", description = "Interleaved rounds (nginx, Varnish, edge each round); medians shown "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "3")
    int rounds;

    @Option(names = "--caches", split = ",", description = "Caches to run, in column order (default: ${DEFAULT-VALUE})",
            defaultValue = "nginx,varnish,edge")
    List<String> caches;

    @Option(names = "--measures", split = ",", description = "Measures to take: hit, rate, zipf, storm, redis, gzip "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "hit,rate,zipf,storm")
    List<String> measures;

    @Option(names = "--keep", description = "Keep the origin's files, the caches' data and the logs under "
            + ".edgesync/bench-compare (default: only the logs are kept)")
    boolean keep;

    @Option(names = "--hit-seconds", description = "Length of each wrk hit run (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int hitSeconds;

    @Option(names = "--connections", description = "wrk connections (default: ${DEFAULT-VALUE})", defaultValue = "64")
    int connections;

    @Option(names = "--rate", description = "Fixed request rate of the latency run (default: ${DEFAULT-VALUE})",
            defaultValue = "5000")
    int rate;

    @Option(names = "--rate-seconds", description = "Length of the fixed-rate run (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int rateSeconds;

    @Option(names = "--zipf-objects", description = "Objects of the Zipf run (default: ${DEFAULT-VALUE})",
            defaultValue = "10000")
    int zipfObjects;

    @Option(names = "--zipf-requests", description = "Quota of the Zipf run (default: ${DEFAULT-VALUE})",
            defaultValue = "100000")
    int zipfRequests;

    @Option(names = "--zipf-limit-seconds", description = "Time limit of the Zipf quota (default: ${DEFAULT-VALUE})",
            defaultValue = "15")
    int zipfLimitSeconds;

    @Option(names = "--storm", description = "Concurrent requests of one cold key (default: ${DEFAULT-VALUE})",
            defaultValue = "1000")
    int storm;

    @Option(names = "--storm-delay-ms", description = "The slow origin's answer time (default: ${DEFAULT-VALUE})",
            defaultValue = "200")
    int stormDelayMs;

    @Option(names = "--edge-jvm", description = "JVM options of the edge, one string (default: the production set "
            + "of the lab and the chart, ServiceJvm.PRODUCTION)")
    String edgeJvm;

    @Option(names = "--tier-cpu", description = "CPU of the caching tier (default: ${DEFAULT-VALUE})", defaultValue = "0")
    String tierCpu;

    @Option(names = "--load-cpu", description = "CPU of the load generators (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    String loadCpu;

    @Option(names = "--max-minutes", description = "Whole-run time limit (default: ${DEFAULT-VALUE})",
            defaultValue = "30")
    int maxMinutes;

    @Option(names = "--out", description = "Markdown result (default: bench/results/latest.md)")
    Path out;

    private final List<String> commands = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final CompressionScenario compression = new CompressionScenario();
    private String loadAverage = "";

    public static void main(String[] args) {
        System.exit(new CommandLine(new Compare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> unknown = caches.stream().filter(c -> !List.of("nginx", "varnish", "edge").contains(c)).toList();
        if (!unknown.isEmpty() || caches.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--caches takes nginx, varnish, edge");
        }
        if (measures.stream().anyMatch(m -> !List.of("hit", "rate", "zipf", "storm", "redis", "gzip").contains(m))) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--measures takes hit, rate, zipf, storm, redis, gzip");
        }
        Path root = LabPaths.root();
        Path result = out != null ? out : root.resolve("bench/results/latest.md");
        // on the time limit the servers' shutdown hooks and the tier's own `timeout` stop the rest
        Watchdog watchdog = new Watchdog(maxMinutes, () -> { });
        String started = Instant.now().toString();
        loadAverage = Machine.loadAverage();

        Path dir = LabPaths.runDir("bench-compare");
        LocalServers.deleteTree(dir);
        Files.createDirectories(dir);
        Map<String, CacheTier.Proxy> proxies = new LinkedHashMap<>();
        List<String> jvm = edgeJvm == null || edgeJvm.isBlank() ? ServiceJvm.PRODUCTION
                : Arrays.asList(edgeJvm.trim().split("\\s+"));
        ComparisonTable table;
        try (SlowOrigin slow = new SlowOrigin(stormDelayMs);
                CacheTier tier = new CacheTier(dir.resolve("tier"), tierCpu, maxMinutes + 1);
                LocalServers servers = new LocalServers(dir.resolve("servers"), true, 0, 0, Map.of())) {
            System.err.println("bench: starting the nginx origin (" + zipfObjects + " objects) ...");
            int origin = tier.startOrigin(zipfObjects, 512, slow.port());
            for (String c : caches) {
                System.err.println("bench: starting " + c + " ...");
                switch (c) {
                    case "nginx" -> proxies.put(c, tier.startNginxCache(origin));
                    case "varnish" -> proxies.put(c, tier.startVarnish(origin));
                    default -> {
                        KafkaBroker kafka = EDGE_WITHOUT_INVALIDATIONS ? null : servers.kafka();
                        proxies.put(c, tier.startEdge(origin, jvm, kafka));
                    }
                }
            }
            Map<String, String> titles = new LinkedHashMap<>();
            proxies.forEach((k, p) -> titles.put(k, p.label()));
            table = new ComparisonTable(new ComparisonTable.Setup(connections, rate, zipfObjects, zipfRequests,
                    zipfLimitSeconds, storm, stormDelayMs), titles);
            int[] zipf = new Zipf(zipfObjects, 1.0).sequence(42, zipfRequests);
            for (int round = 1; round <= rounds; round++) {
                for (CacheTier.Proxy p : proxies.values()) {
                    System.err.printf(Locale.ROOT, "bench: round %d/%d, %s%n", round, rounds, p.label());
                    measure(p, round, table, zipf, slow, dir);
                }
            }
        }
        watchdog.close();
        if (!keep) {
            // the origin's files and the caches' data; the logs stay
            LocalServers.deleteTree(dir.resolve("tier/www"));
            LocalServers.deleteTree(dir.resolve("tier/nginx-cache/data"));
        }
        String md = markdown(started, table, jvm);
        System.out.println(md);
        Files.createDirectories(result.getParent());
        Files.writeString(result, md);
        System.err.println("bench: written to " + result);
        return 0;
    }

    private void measure(CacheTier.Proxy p, int round, ComparisonTable table, int[] zipf, SlowOrigin slow, Path dir)
            throws Exception {
        List<String> load = List.of("taskset", "-c", loadCpu);
        // hits: warm the object and the JIT, then measure
        for (String path : measures.contains("hit") ? List.of("/1k", "/64k") : List.<String>of()) {
            for (int i = 0; i < 3; i++) {
                try (RawHttp c = new RawHttp("127.0.0.1", p.port(), 30_000)) {
                    c.exchange(c.request("GET", path), false, false);
                }
            }
            List<String> warm = new ArrayList<>(load);
            warm.addAll(Wrk.command("wrk", 2, connections, Math.max(2, hitSeconds / 3), p.url() + path));
            Wrk.run(warm, hitSeconds);
            List<String> cmd = new ArrayList<>(load);
            cmd.addAll(Wrk.command("wrk", 2, connections, hitSeconds, p.url() + path));
            Wrk.Result r = Wrk.run(cmd, hitSeconds);
            once(String.join(" ", cmd).replace(p.url(), "http://127.0.0.1:$PORT"));
            if (r.non2xx() > 0) {
                notes.add(String.format(Locale.ROOT, "round %d, %s, %s: %,d non-2xx answers", round, p.name(), path,
                        r.non2xx()));
            }
            table.add(p.name(), path.equals("/1k") ? Metric.HIT_1K : Metric.HIT_64K, r.requestsPerSecond());
        }
        if (measures.contains("rate")) {
            fixedRate(p, round, table, dir, load);
        }
        if (measures.contains("zipf")) {
            zipf(p, round, table, zipf);
        }
        if (measures.contains("storm")) {
            storm(p, round, table, slow);
        }
        if (measures.contains("gzip")) {
            compression.measure(p, load, connections, hitSeconds);
        }
        if (measures.contains("redis") && p.redisPort() > 0) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, %s", round, p.name(),
                    RedisTrips.perRequest(p.redisPort(), p.port(), "?trips=" + round)));
        }
    }

    private void fixedRate(CacheTier.Proxy p, int round, ComparisonTable table, Path dir, List<String> load)
            throws Exception {
        Path log = dir.resolve("h2load-" + p.name() + "-" + round + ".log");
        List<String> h2 = H2load.command(connections, rate, rateSeconds, log, p.url() + "/1k");
        H2load.Result h = H2load.run(load, h2, log, rateSeconds);
        once(String.join(" ", load) + " " + String.join(" ", h2).replace(p.url(), "http://127.0.0.1:$PORT")
                .replace(log.toString(), "LOG"));
        if (h.failed() > 0 || h.non2xx() > 0) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, fixed rate: %,d failed, %,d non-2xx", round, p.name(),
                    h.failed(), h.non2xx()));
        }
        notes.add(String.format(Locale.ROOT, "round %d, %s, fixed rate: %,d requests logged in %d s (%,.0f req/s "
                + "achieved)", round, p.name(), h.logged(), rateSeconds, h.logged() / (double) rateSeconds));
        table.add(p.name(), Metric.P50_MS, h.p50Ms());
        table.add(p.name(), Metric.P99_MS, h.p99Ms());
        table.add(p.name(), Metric.P999_MS, h.p999Ms());
        Files.deleteIfExists(log);
    }

    private void zipf(CacheTier.Proxy p, int round, ComparisonTable table, int[] zipf) throws Exception {
        // Zipf from a cold cache: a query string of its own per round and cache makes every object a miss at first
        String tag = "?r=" + round;
        ZipfLoad.Result z = ZipfLoad.run("127.0.0.1", p.port(), zipf, k -> "/obj/" + k + tag, connections,
                zipfLimitSeconds * 1000L);
        once(String.format(Locale.ROOT, "Zipf: bench driver, %d keep-alive connections, GET /obj/{k}?r={round} for the "
                + "first %,d of a Zipf(s=1, seed 42) sequence over %,d objects, limit %d s", connections, zipfRequests,
                zipfObjects, zipfLimitSeconds));
        table.add(p.name(), Metric.ZIPF_RPS, z.requestsPerSecond());
        table.add(p.name(), Metric.ZIPF_ANSWERED, z.answered());
        table.add(p.name(), Metric.ZIPF_FINISHED, z.finished() ? 1 : 0);
        if (z.errors() > 0) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, Zipf: %,d errors", round, p.name(), z.errors()));
        }
    }

    private void storm(CacheTier.Proxy p, int round, ComparisonTable table, SlowOrigin slow) throws Exception {
        String key = "/slow/" + p.name() + "-" + round + "-" + System.nanoTime();
        MissStorm.Result s = MissStorm.run("127.0.0.1", p.port(), key, storm);
        once(String.format(Locale.ROOT, "miss storm: bench driver, %,d connections opened first, then one GET "
                + "/slow/{new key} each at once; the nginx origin passes /slow/ to a Java origin that answers after "
                + "%d ms and counts fetches", storm, stormDelayMs));
        table.add(p.name(), Metric.STORM_FETCHES, slow.fetches(key));
        table.add(p.name(), Metric.STORM_SLOWEST_MS, s.slowestMs());
        if (s.errors() > 0 || s.ok() != storm) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, miss storm: %d ok, %d errors", round, p.name(), s.ok(),
                    s.errors()));
        }
    }

    private void once(String command) {
        if (!commands.contains(command)) {
            commands.add(command);
        }
    }

    private String markdown(String started, ComparisonTable table, List<String> jvm) {
        StringBuilder sb = new StringBuilder();
        sb.append("# EdgeSync benchmark: edge vs nginx proxy_cache vs Varnish\n\n");
        sb.append("Run ").append(started).append(String.format(Locale.ROOT, "; median of %d interleaved round(s); "
                + "ratios to nginx.%n%n", rounds));
        sb.append(table.markdown()).append('\n');
        sb.append("## Setup\n\n");
        sb.append("- caching tier (the cache, the edge's Redis, the nginx origin) on CPU ").append(tierCpu)
                .append(" (`taskset -c ").append(tierCpu).append("`), load generators (wrk, h2load, the bench's Java ")
                .append("drivers) on CPU ").append(loadCpu).append("; all on 127.0.0.1\n");
        sb.append("- origin: nginx, `/1k`, `/64k`, `/obj/0..").append(zipfObjects - 1).append("` (512 B) static files, ")
                .append("`Cache-Control: ").append(CacheTier.CACHE_CONTROL).append("`\n");
        sb.append("- nginx proxy_cache: one worker, `proxy_cache_lock on`, keep-alive upstream, `sendfile on`, ")
                .append("`tcp_nopush off` (with it on, 64 KiB hits stalled on delayed ACKs), `gzip on` for JSON (level 6); ")
                .append("Varnish: `varnishd -F -f bench.vcl -s malloc,256m` (builtin VCL, `beresp.do_gzip` for JSON)\n");
        sb.append("- edge: `java ").append(String.join(" ", jvm)).append(" -jar edge/target/quarkus-app/quarkus-run.jar`")
                .append(", its own redis-server; ").append(EDGE_WITHOUT_INVALIDATIONS
                        ? "no invalidation stream (EDGESYNC_INVALIDATION_ENABLED=false)"
                        : "consuming invalidations from a local Kafka broker (idle)").append('\n');
        sb.append("- fixed rate: h2load `--rps` per connection (HTTP/1.1, one request in flight per connection); ")
                .append("percentiles from its `--log-file` in an HdrHistogram\n");
        sb.append("- machine: ").append(Machine.summary()).append("; Java ").append(System.getProperty("java.version"))
                .append("; load average when the run started: ").append(loadAverage).append('\n');
        sb.append("\n## Commands\n\n```\n");
        commands.forEach(c -> sb.append(c).append('\n'));
        sb.append("```\n");
        sb.append(compression.markdown());
        sb.append("\n## Every round\n\n").append(table.rounds());
        if (!notes.isEmpty()) {
            sb.append("\n## Notes\n\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }
}
