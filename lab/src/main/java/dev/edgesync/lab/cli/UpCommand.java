package dev.edgesync.lab.cli;

import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionCatalog;
import dev.edgesync.testkit.topology.RegionSpec;
import dev.edgesync.testkit.topology.InstanceLock;
import dev.edgesync.testkit.topology.PortPreflight;
import java.io.PrintWriter;
import dev.edgesync.testkit.topology.ServiceJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgesync up}: the whole local topology on real servers, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start Kafka, PostgreSQL, one Redis per region, the origin and one edge per region; stop on Ctrl-C.",
            "Exits 2 without starting anything when a fixed port is taken or another up runs in the same directory."})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--values", description = "Helm values file that lists the regions (default: ${DEFAULT-VALUE})",
            defaultValue = RegionCatalog.VALUES)
    Path values;

    @Option(names = "--origin-port", description = "Origin port (default: ${DEFAULT-VALUE})", defaultValue = "4000")
    int originPort;

    @Option(names = "--edge-base-port", description = "First region's edge port; the next regions count up (default: ${DEFAULT-VALUE})",
            defaultValue = "5001")
    int edgeBasePort;

    @Option(names = "--kafka-port", description = "Kafka port, 0 for a free one (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int kafkaPort;

    @Option(names = "--postgres-port", description = "PostgreSQL port, 0 for a free one (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int postgresPort;

    @Option(names = "--purge-token", description = "Bearer token of the purge API (default: $EDGESYNC_PURGE_TOKEN, else generated)",
            defaultValue = "${env:EDGESYNC_PURGE_TOKEN}")
    String purgeToken;

    @Option(names = "--admin-token", description = "Bearer token of the edges' admin endpoints (default: $EDGESYNC_ADMIN_TOKEN, else generated)",
            defaultValue = "${env:EDGESYNC_ADMIN_TOKEN}")
    String adminToken;

    @Option(names = "--for", description = "Stop by itself after this duration, e.g. PT10M (default: run until Ctrl-C)")
    Duration duration;

    @Option(names = "--name", description = "Run a second instance beside the first, with its files in .edgesync/up-NAME "
            + "(give it other ports too); default: .edgesync/up")
    String name;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--production", description = "Start the origin and the edges with the production JVM options "
            + "(C2, fixed 512 MiB heap, ParallelGC, pre-touched) and the edges' JIT warm-up before ready, as the Helm "
            + "chart does, instead of the fast-starting C1 set")
    boolean production;

    static final int USAGE = 2;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return up(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int up(PrintWriter out, PrintWriter err) throws Exception {
        if (production) {
            System.setProperty(ServiceJvm.PROPERTY, "production");
        }
        if (name != null && !name.matches("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?")) {
            err.println("edgesync up: --name must be a DNS label (a-z, 0-9, -), was " + name);
            return USAGE;
        }
        Path root = LabPaths.root();
        List<RegionSpec> regions = RegionCatalog.fromValues(values.isAbsolute() ? values : root.resolve(values));
        Path dir = LabPaths.runDir(name == null ? "up" : "up-" + name);
        InstanceLock lock;
        try {
            lock = InstanceLock.acquire(dir.resolve("lock"));
        } catch (InstanceLock.HeldException e) {
            err.println("edgesync up: another edgesync up (pid " + e.holder() + ") is running with " + root.relativize(dir)
                    + "; stop it first (Ctrl-C in its terminal, or kill " + e.holder() + "), or start this one apart with "
                    + "--name NAME and other ports (--origin-port, --edge-base-port)");
            return USAGE;
        }
        Thread release = new Thread(lock::close, "edgesync-up-unlock"); // Ctrl-C skips the finally below
        Runtime.getRuntime().addShutdownHook(release);
        try (lock) {
            Optional<String> busy = PortPreflight.problem(
                    PortPreflight.claims(originPort, edgeBasePort, regions, kafkaPort, postgresPort), PortPreflight::isFree);
            if (busy.isPresent()) {
                err.println("edgesync up: " + busy.get());
                return USAGE;
            }
            clearExcept(dir, lock.file());
            return run(out, root, regions, dir);
        }
    }

    private int run(PrintWriter out, Path root, List<RegionSpec> regions, Path dir) throws Exception {
        out.println("Starting Kafka, PostgreSQL and " + regions.size() + " Redis servers ...");
        if (ServiceJvm.edgesWarmUp()) {
            out.println("--production: each edge warms its JIT with " + ServiceJvm.PRODUCTION_JIT_WARMUP_REQUESTS
                    + " requests before it is ready, as the chart's do (at most 3 minutes) ...");
        }
        out.flush();
        long started = System.nanoTime();
        // Closed in this order by try-with-resources: the services first, then the servers, PostgreSQL included.
        try (LocalServers servers = new LocalServers(dir.resolve("servers"), false, kafkaPort, postgresPort, Map.of());
                LocalTopology topology = LocalTopology.start(new LocalTopology.Options(regions, originPort, edgeBasePort,
                        purgeToken, adminToken, dir, Map.of()), servers)) {
            out.printf("EdgeSync is up in %.1f s%n%n", (System.nanoTime() - started) / 1e9);
            out.print(topology.describe());
            out.println();
            out.println("Purge token (Authorization: Bearer ...): " + topology.purgeToken());
            out.println("Edge admin token:                        " + topology.adminToken());
            out.println("Content write token:                     " + topology.writeToken());
            out.println("Region settings the edges watch:         " + topology.regionFile("<region>"));
            Path env = topology.writeEnvFile(dir.resolve("env"));
            out.println("Shell variables for the walkthrough:     source " + root.relativize(env));
            out.println();
            // the store starts empty: the list answers (and is cached) at once; the README walkthrough writes items
            out.println("Try: curl -i " + topology.edgeUrl(regions.get(0).name())
                    + "/api/content (empty until you write an item: README, Walkthrough)");
            out.println("Press Ctrl-C to stop everything.");
            out.flush();
            CountDownLatch forever = new CountDownLatch(1);
            if (duration == null) {
                forever.await();
            } else {
                forever.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                out.println("Stopping after " + duration);
            }
        }
        return 0;
    }

    /** Empties the instance's directory from an earlier run, keeping the lock just taken. */
    private static void clearExcept(Path dir, Path keep) throws java.io.IOException {
        try (var entries = java.nio.file.Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (!p.equals(keep)) {
                    LocalServers.deleteTree(p);
                }
            }
        }
    }
}
