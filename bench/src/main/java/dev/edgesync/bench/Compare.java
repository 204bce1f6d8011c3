package dev.edgesync.bench;

import dev.edgesync.lab.load.Zipf;
import dev.edgesync.testkit.servers.KafkaBroker;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.topology.ServiceJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The comparison: the same nginx origin behind nginx proxy_cache, Varnish and the EdgeSync edge; the caching tier
 * (cache, its Redis, the origin) pinned to one CPU, the load generators (wrk, h2load, this JVM's drivers) to the
 * other; interleaved rounds, medians, one table with ratios to nginx in bench/results/latest.md. Its knobs are
 * {@link CompareOptions}, one round's measures {@link RoundMeasures}, the result {@link CompareReport}.
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

    @Mixin
    CompareOptions o;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Compare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> unknown = o.caches.stream().filter(c -> !List.of("nginx", "varnish", "edge").contains(c)).toList();
        if (!unknown.isEmpty() || o.caches.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--caches takes nginx, varnish, edge");
        }
        if (o.measures.stream().anyMatch(m -> !List.of("hit", "rate", "zipf", "storm", "redis", "gzip").contains(m))) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--measures takes hit, rate, zipf, storm, redis, gzip");
        }
        Path root = LabPaths.root();
        Path result = o.out != null ? o.out : root.resolve("bench/results/latest.md");
        // on the time limit the servers' shutdown hooks and the tier's own `timeout` stop the rest
        Watchdog watchdog = new Watchdog(o.maxMinutes, () -> { });
        String started = Instant.now().toString();
        String loadAverage = Machine.loadAverage();

        Path dir = LabPaths.runDir("bench-compare");
        LocalServers.deleteTree(dir);
        Files.createDirectories(dir);
        Map<String, CacheTier.Proxy> proxies = new LinkedHashMap<>();
        List<String> jvm = o.edgeJvm == null || o.edgeJvm.isBlank() ? ServiceJvm.PRODUCTION
                : Arrays.asList(o.edgeJvm.trim().split("\\s+"));
        RoundMeasures measures = new RoundMeasures(o);
        ComparisonTable table;
        try (SlowOrigin slow = new SlowOrigin(o.stormDelayMs);
                CacheTier tier = new CacheTier(dir.resolve("tier"), o.tierCpu, o.maxMinutes + 1);
                LocalServers servers = new LocalServers(dir.resolve("servers"), true, 0, 0, Map.of())) {
            System.err.println("bench: starting the nginx origin (" + o.zipfObjects + " objects) ...");
            int origin = NginxTier.startOrigin(tier, o.zipfObjects, 512, slow.port());
            for (String c : o.caches) {
                System.err.println("bench: starting " + c + " ...");
                switch (c) {
                    case "nginx" -> proxies.put(c, NginxTier.startCache(tier, origin));
                    case "varnish" -> proxies.put(c, VarnishTier.start(tier, origin));
                    default -> {
                        KafkaBroker kafka = EDGE_WITHOUT_INVALIDATIONS ? null : servers.kafka();
                        proxies.put(c, EdgeTier.start(tier, origin, jvm, kafka));
                    }
                }
            }
            Map<String, String> titles = new LinkedHashMap<>();
            proxies.forEach((k, p) -> titles.put(k, p.label()));
            table = new ComparisonTable(new ComparisonTable.Setup(o.connections, o.rate, o.zipfObjects, o.zipfRequests,
                    o.zipfLimitSeconds, o.storm, o.stormDelayMs), titles);
            int[] zipf = new Zipf(o.zipfObjects, 1.0).sequence(42, o.zipfRequests);
            for (int round = 1; round <= o.rounds; round++) {
                for (CacheTier.Proxy p : proxies.values()) {
                    System.err.printf(Locale.ROOT, "bench: round %d/%d, %s%n", round, o.rounds, p.label());
                    measures.measure(p, round, table, zipf, slow, dir);
                }
            }
        }
        watchdog.close();
        if (!o.keep) {
            // the origin's files and the caches' data; the logs stay
            LocalServers.deleteTree(dir.resolve("tier/www"));
            LocalServers.deleteTree(dir.resolve("tier/nginx-cache/data"));
        }
        String md = CompareReport.markdown(o, started, loadAverage, table, jvm, measures);
        System.out.println(md);
        Files.createDirectories(result.getParent());
        Files.writeString(result, md);
        System.err.println("bench: written to " + result);
        return 0;
    }
}
