package dev.edgesync.bench;

import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionCatalog;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench/run.sh topology}: starts the local topology (origin and one edge per region of the chart's values, on
 * real Kafka, PostgreSQL and Redis, all on loopback), runs the scenarios {@code --only} names, prints one table and
 * writes it to {@code bench/results/topology.md}. Every loop is bounded; the whole run stops by itself after
 * {@code --max-minutes}, with a partial table.
 */
@Command(name = "bench/run.sh topology", sortOptions = false, usageHelpWidth = 100, description = {
    "The EdgeSync-only scenarios on the whole local topology, measured on the first region's edge:",
    "  1 hit throughput/latency (1 KiB, 64 KiB)   2 invalidation overhead per region",
    "  3 tag purge over --objects cached objects  4 origin fetches, one cold key, two replicas",
    "  5 (only with --only 5) hits with 0/1,000/100,000 bans, purge latency by kind over --ban-objects"})
final class TopologyCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--only", split = ",", paramLabel = "N",
            description = "Scenarios to run, e.g. 1,3 (default: 1,2,3,4)")
    Set<Integer> only = new TreeSet<>(Set.of(1, 2, 3, 4));

    @Mixin
    HitScenario hits = new HitScenario();

    @Mixin
    InvalidationScenario invalidation = new InvalidationScenario();

    @Mixin
    TagPurgeScenario tagPurge = new TagPurgeScenario();

    @Mixin
    CollapsingScenario collapsing = new CollapsingScenario();

    @Mixin
    BanScenario bans = new BanScenario();

    @Option(names = "--max-minutes", converter = Scenario.Count.class, paramLabel = "N",
            description = "Whole-run time limit, 1..60 "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "10")
    int maxMinutes;

    @Option(names = "--keep", description = "Keep server data and logs under .edgesync/bench")
    boolean keep;

    @Option(names = "--out", paramLabel = "FILE", description = "Markdown result (default: bench/results/topology.md)")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Report report = new Report();

    /** Scenarios 1 to 5 in order. */
    List<Scenario> scenarios() {
        return List.of(hits, invalidation, tagPurge, collapsing, bans);
    }

    /** Refuses values out of their range and unknown scenario numbers, naming the option. */
    void validate(CommandLine cli) {
        for (int n : only) {
            if (n < 1 || n > scenarios().size()) {
                throw new CommandLine.ParameterException(cli, "--only takes scenario numbers 1 to "
                        + scenarios().size() + "; was " + n);
            }
        }
        scenarios().forEach(s -> s.validate(cli));
        Scenario.require(cli, "--max-minutes", maxMinutes, 1, 60);
    }

    @Override
    public Integer call() throws Exception {
        validate(spec.commandLine());
        Path root = LabPaths.root();
        Path here = Path.of("").toAbsolutePath();
        Path result = out != null ? out
                : (Files.exists(here.resolve("bench/run.sh")) ? here : root).resolve("bench/results/topology.md");
        long started = System.nanoTime();
        Watchdog watchdog = new Watchdog(maxMinutes, () -> {
            report.note("STOPPED by the time limit of " + maxMinutes + " min: the table is partial.");
            finish(result, "stopped by the time limit, partial");
        });
        Machine.describe(root).forEach(report::machine);
        List<RegionSpec> regions = RegionCatalog.fromValues(root.resolve(RegionCatalog.VALUES));
        Path dir = LabPaths.runDir("bench");
        LocalServers.deleteTree(dir);
        report.command(("bench/run.sh topology " + String.join(" ", spec.commandLine().getParseResult()
                .originalArgs())).trim());
        int failures;
        LocalTopology topology = null;
        try (LocalServers servers = new LocalServers(dir, !keep, 0, 0, Map.of())) {
            long t0 = System.nanoTime();
            System.err.println("bench: starting Kafka, PostgreSQL, " + regions.size() + " Redis, the origin and "
                    + regions.size() + " edges ...");
            topology = LocalTopology.start(new LocalTopology.Options(regions, 0, 0, null, null, dir, Map.of()),
                    servers);
            RunningTopology running = new RunningTopology(topology, report);
            report.machine("Redis " + redisVersion(servers, running.region) + ", PostgreSQL and a KRaft Kafka broker "
                    + "as local child processes");
            report.note(String.format(Locale.ROOT, "Topology up in %.1f s: origin %s; %s.", (System.nanoTime() - t0)
                    / 1e9, topology.originUrl(), describeRegions(regions, running.region)));
            failures = runScenarios(running);
        } finally {
            if (topology != null) {
                topology.close();
            }
        }
        report.note(String.format(Locale.ROOT, "Whole run (topology start, all scenarios, stop): %.1f s.",
                (System.nanoTime() - started) / 1e9));
        finish(result, failures == 0 ? "complete" : failures + " scenario(s) failed");
        watchdog.close();
        if (keep) {
            System.err.println("bench: server data and logs kept in " + dir);
        }
        return failures == 0 ? 0 : 1;
    }

    /** The chosen scenarios in order; a failed one becomes a FAILED row and the next one runs. */
    private int runScenarios(RunningTopology running) {
        int failures = 0;
        for (int number = 1; number <= scenarios().size(); number++) {
            if (!only.contains(number)) {
                continue;
            }
            Scenario s = scenarios().get(number - 1);
            long st = System.nanoTime();
            try {
                s.run(running);
            } catch (Exception | AssertionError e) {
                failures++;
                e.printStackTrace();
                report.row(String.valueOf(number), "FAILED", e.getClass().getSimpleName(),
                        String.valueOf(e.getMessage()));
            }
            System.err.printf(Locale.ROOT, "bench: scenario %d took %.1f s%n", number,
                    (System.nanoTime() - st) / 1e9);
        }
        return failures;
    }

    private synchronized void finish(Path result, String status) {
        System.out.println();
        System.out.println(report.markdown(status));
        try {
            report.write(result, status);
            System.err.println("bench: written to " + result);
        } catch (IOException e) {
            System.err.println("bench: cannot write " + result + ": " + e);
        }
    }

    private static String describeRegions(List<RegionSpec> regions, String measured) {
        List<String> parts = new ArrayList<>();
        for (RegionSpec r : regions) {
            parts.add(r.name() + " " + r.strategy().wire() + " " + r.delayMs() + " ms");
        }
        return "regions " + String.join(", ", parts) + " (from " + RegionCatalog.VALUES + "); measured edge: "
                + measured;
    }

    private static String redisVersion(LocalServers servers, String region) {
        try (redis.clients.jedis.Jedis redis = Populator.connect(RunningTopology.HOST,
                servers.redis(region).port())) {
            return Populator.info(redis, "server", "redis_version");
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
