package dev.edgesync.lab.cli;

import dev.edgesync.lab.servers.LabPaths;
import dev.edgesync.lab.servers.LocalServers;
import dev.edgesync.lab.topology.LocalTopology;
import dev.edgesync.lab.topology.RegionCatalog;
import dev.edgesync.lab.topology.RegionSpec;
import dev.edgesync.lab.topology.ServiceJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesync up}: the whole local topology on real servers, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, PostgreSQL, one Redis per region, the origin and one edge per region; stop on Ctrl-C.")
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

    @Option(names = "--production", description = "Start the origin and the edges with the production JVM options "
            + "(C2, fixed 512 MiB heap, ParallelGC, pre-touched; as the Helm chart) instead of the fast-starting C1 set")
    boolean production;

    @Override
    public Integer call() throws Exception {
        if (production) {
            System.setProperty(ServiceJvm.PROPERTY, "production");
        }
        Path root = LabPaths.root();
        List<RegionSpec> regions = RegionCatalog.fromValues(values.isAbsolute() ? values : root.resolve(values));
        Path dir = LabPaths.runDir("up");
        LocalServers.deleteTree(dir);
        System.out.println("Starting Kafka, PostgreSQL and " + regions.size() + " Redis servers ...");
        long started = System.nanoTime();
        LocalServers servers = new LocalServers(dir.resolve("servers"), false, kafkaPort, postgresPort, Map.of());
        try (servers;
                LocalTopology topology = LocalTopology.start(new LocalTopology.Options(regions, originPort, edgeBasePort,
                        purgeToken, adminToken, dir, Map.of()), servers)) {
            System.out.printf("EdgeSync is up in %.1f s%n%n", (System.nanoTime() - started) / 1e9);
            System.out.print(topology.describe());
            System.out.println();
            System.out.println("Purge token (Authorization: Bearer ...): " + topology.purgeToken());
            System.out.println("Edge admin token:                        " + topology.adminToken());
            System.out.println("Region settings the edges watch:         " + topology.regionFile("<region>"));
            Path env = topology.writeEnvFile(dir.resolve("env"));
            System.out.println("Shell variables for the walkthrough:     source " + root.relativize(env));
            System.out.println();
            System.out.println("Try: curl -i " + topology.edgeUrl(regions.get(0).name()) + "/api/content/1");
            System.out.println("Press Ctrl-C to stop everything.");
            CountDownLatch forever = new CountDownLatch(1);
            if (duration == null) {
                forever.await();
            } else {
                forever.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                System.out.println("Stopping after " + duration);
            }
        }
        return 0;
    }
}
