package dev.edgesync.testkit.topology;

import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.servers.PostgresInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * EdgeSync on one machine: the origin and one edge per region (more on request), each a child JVM,
 * on the real servers of a {@link LocalServers}. Each edge reads its region settings from a file it
 * watches ({@link #regionFile}), so a strategy or delay can be changed while it runs.
 */
public final class LocalTopology implements AutoCloseable {
    /** How long a production edge's start waits for its JIT warm-up (which stops by itself after 3 minutes). */
    private static final Duration WARMUP_WAIT = Duration.ofMinutes(4);

    private final Options options;
    private final LocalServers servers;
    private final Map<String, RegionSpec> regions = new LinkedHashMap<>();
    private final Map<String, List<ServiceProcess>> edges = new LinkedHashMap<>();
    private final Map<String, Integer> edgePorts = new LinkedHashMap<>();
    private ServiceProcess origin;
    private final int originPort;
    /** Bearer token of the origin's content writes (EDGESYNC_WRITE_TOKEN), fresh per topology. */
    private final String writeToken = randomToken();
    /** Shared by every edge of this topology, so any region may be another's shield (X-EdgeSync-Tier-Auth). */
    private final String tierSecret = randomToken();
    private volatile boolean closed;

    /**
     * @param originPort 0 for a free port
     * @param edgeBasePort first region's edge port, the next regions count up; 0 for free ports
     * @param purgeToken bearer token of the origin's purge API; null to generate one
     * @param adminToken bearer token of the edges' admin endpoints; null to generate one
     * @param edgeEnv extra environment of one region's edges (for example another origin URL)
     */
    public record Options(List<RegionSpec> regions, int originPort, int edgeBasePort, String purgeToken,
            String adminToken, Path dir, Map<String, Map<String, String>> edgeEnv) {
        public Options {
            regions = List.copyOf(regions);
            edgeEnv = edgeEnv == null ? Map.of() : Map.copyOf(edgeEnv);
            purgeToken = purgeToken == null || purgeToken.isBlank() ? randomToken() : purgeToken;
            adminToken = adminToken == null || adminToken.isBlank() ? randomToken() : adminToken;
        }
    }

    private LocalTopology(Options options, LocalServers servers) {
        this.options = options;
        this.servers = servers;
        this.originPort = Ports.orFree(options.originPort());
        int next = options.edgeBasePort();
        for (RegionSpec region : options.regions()) {
            regions.put(region.name(), region);
            edgePorts.put(region.name(), next > 0 ? next++ : Ports.free());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "edgesync-topology-stop"));
    }

    /** Starts servers (through {@code servers}), the origin, then one edge per region. */
    public static LocalTopology start(Options options, LocalServers servers) {
        LocalTopology topology = new LocalTopology(options, servers);
        try {
            Files.createDirectories(options.dir());
            servers.kafka();
            servers.postgres();
            for (RegionSpec region : options.regions()) {
                servers.redis(region.name());
            }
            topology.startOrigin(Map.of());
            for (RegionSpec region : options.regions()) {
                topology.startEdge(region.name(), Map.of());
            }
            return topology;
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Waits until {@code edge}'s JIT warm-up is over (its readiness check {@code jit-warmup} UP), as a Deployment's
     * rollout waits for ready; the warm-up stops by itself after 3 minutes.
     */
    private void awaitWarm(ServiceProcess edge) {
        long deadline = System.nanoTime() + WARMUP_WAIT.toNanos();
        while (!edge.readinessCheckUp("jit-warmup")) {
            if (closed) {
                throw new IllegalStateException("the topology was closed while " + edge.name() + " warmed up");
            }
            if (!edge.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(edge.name() + " did not finish its JIT warm-up within "
                        + WARMUP_WAIT.toSeconds() + " s (its log: " + edge.log() + ")");
            }
            Ports.sleep(500); // each DOWN answer is an INFO line in the edge's log
        }
    }

    public synchronized ServiceProcess startOrigin(Map<String, String> overrides) throws IOException {
        if (origin != null && origin.isAlive()) {
            throw new IllegalStateException("origin already running");
        }
        Map<String, String> env = new LinkedHashMap<>();
        PostgresInstance db = servers.postgres();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(originPort));
        env.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
        env.put("EDGESYNC_PURGE_TOKEN", options.purgeToken());
        env.put("EDGESYNC_WRITE_TOKEN", writeToken);
        env.put("EDGESYNC_REGIONS", String.join(",", regions.keySet()));
        env.put("EDGESYNC_CONSOLE_EDGES", String.join(",", edgePorts.entrySet().stream()
                .map(e -> e.getKey() + "=http://" + Ports.LOOPBACK + ":" + e.getValue()).toList()));
        env.put("EDGESYNC_CONSOLE_RUNS_DIR", labRuns().toString()); // the console lists what demo/load/compare wrote
        env.putAll(overrides);
        origin = ServiceProcess.start("origin", "origin", originPort, env, options.dir());
        return origin;
    }

    /** The lab commands' runs directory (their default {@code --runs-dir}). */
    private static Path labRuns() {
        try {
            return dev.edgesync.testkit.servers.LabPaths.root().resolve(".edgesync/runs");
        } catch (IllegalStateException e) {
            return Path.of(".edgesync/runs").toAbsolutePath();
        }
    }

    /**
     * Adds a region to the running topology (its own Redis, a free port) and starts its first edge with
     * {@code env} on top of the usual settings: for example a region that fills from another region's
     * edge as its shield. The origin's purge status does not list it.
     */
    public ServiceProcess addRegion(RegionSpec spec, Map<String, String> env) throws IOException {
        synchronized (this) {
            if (regions.containsKey(spec.name())) {
                throw new IllegalArgumentException("region " + spec.name() + " already exists");
            }
            regions.put(spec.name(), spec);
            edgePorts.put(spec.name(), Ports.free());
        }
        return startEdge(spec.name(), env);
    }

    /**
     * Starts one more edge process for {@code region}: the first gets the region's port, later ones free ports. A
     * production edge is returned once its JIT warm-up is over, waited for without the topology's lock (so that
     * {@link #close()}, a Ctrl-C, does not wait for it).
     */
    public ServiceProcess startEdge(String region, Map<String, String> overrides) throws IOException {
        ServiceProcess edge = launchEdge(region, overrides);
        if (ServiceJvm.edgesWarmUp()) {
            try {
                awaitWarm(edge); // one edge warms at a time: on two cores, side by side they only slow each other
            } catch (RuntimeException e) {
                edge.close();
                throw e;
            }
        }
        return edge;
    }

    private synchronized ServiceProcess launchEdge(String region, Map<String, String> overrides) throws IOException {
        RegionSpec spec = region(region);
        List<ServiceProcess> replicas = edges.computeIfAbsent(region, r -> new ArrayList<>());
        replicas.removeIf(p -> !p.isAlive());
        int port = replicas.isEmpty() ? edgePorts.get(region) : Ports.free();
        Path settings = regionFile(region);
        if (!Files.exists(settings)) {
            writeRegionFile(spec);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        env.put("EDGESYNC_REGION_NAME", region);
        env.put("EDGESYNC_REGION_DELAY_MS", String.valueOf(spec.delayMs()));
        env.put("EDGESYNC_REGION_STRATEGY", spec.strategy().wire());
        env.put("EDGESYNC_REGION_CONFIG_FILE", settings.toString());
        env.put("EDGESYNC_ORIGIN_URL", originUrl());
        env.put("EDGESYNC_ADMIN_TOKEN", options.adminToken());
        env.put("EDGESYNC_TIER_SECRET", tierSecret);
        env.put("QUARKUS_REDIS_HOSTS", servers.redisUrl(region));
        env.put("KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrap());
        env.putAll(ServiceJvm.edgeEnv());
        env.putAll(options.edgeEnv().getOrDefault(region, Map.of()));
        env.putAll(overrides);
        String name = "edge-" + region + (replicas.isEmpty() ? "" : "-" + (replicas.size() + 1));
        ServiceProcess edge = ServiceProcess.start(name, "edge", port, env, options.dir());
        replicas.add(edge);
        return edge;
    }

    /** Changes a region's settings in the file its edges watch; they apply it without a restart. */
    public synchronized void changeRegion(RegionSpec spec) {
        region(spec.name());
        regions.put(spec.name(), spec);
        writeRegionFile(spec);
    }

    public Path regionFile(String region) {
        return options.dir().resolve("region-" + region + ".properties");
    }

    private void writeRegionFile(RegionSpec spec) {
        String text = "# written by the EdgeSync lab; the " + spec.name() + " edges re-read it while running\n"
                + "edgesync.region.strategy=" + spec.strategy().wire() + "\n"
                + "edgesync.region.delay-ms=" + spec.delayMs() + "\n";
        try {
            Path file = regionFile(spec.name());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String originUrl() {
        return "http://" + Ports.LOOPBACK + ":" + originPort;
    }

    public int originPort() {
        return originPort;
    }

    /** The URL of the region's first edge. */
    public String edgeUrl(String region) {
        region(region);
        return "http://" + Ports.LOOPBACK + ":" + edgePorts.get(region);
    }

    public synchronized ServiceProcess origin() {
        return origin;
    }

    public synchronized List<ServiceProcess> edges(String region) {
        return List.copyOf(edges.getOrDefault(region, List.of()));
    }

    public List<RegionSpec> regions() {
        return List.copyOf(regions.values());
    }

    public RegionSpec region(String name) {
        RegionSpec spec = regions.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown region " + name + "; known: " + regions.keySet());
        }
        return spec;
    }

    public String purgeToken() {
        return options.purgeToken();
    }

    public String adminToken() {
        return options.adminToken();
    }

    public String writeToken() {
        return writeToken;
    }

    public LocalServers servers() {
        return servers;
    }

    /** One line per service, for people. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-22s %-28s %s%n", "service", "url", "details"));
        out.append(String.format("%-22s %-28s %s%n", "origin", originUrl(), "PostgreSQL " + servers.postgres().jdbcUrl()));
        for (RegionSpec region : regions.values()) {
            for (ServiceProcess edge : edges(region.name())) {
                out.append(String.format("%-22s %-28s %s %d ms, Redis %s%n", edge.name(), edge.url(),
                        region.strategy().wire(), region.delayMs(), servers.redisUrl(region.name())));
            }
        }
        out.append(String.format("%-22s %-28s %s%n", "kafka", servers.kafkaBootstrap(), "KRaft, topics "
                + String.join(", ", LocalServers.TOPICS)));
        out.append(String.format("%-22s %-28s %s%n", "console", originUrl() + "/console/", "live console (origin)"));
        out.append("logs: ").append(options.dir()).append('\n');
        return out.toString();
    }

    /**
     * Writes a shell file that a second terminal can {@code source}: ORIGIN, one variable per region's
     * edge (US_EAST=..., named after the region), EDGES (all edge URLs) and the three tokens.
     */
    public Path writeEnvFile(Path file) {
        StringBuilder env = new StringBuilder("# EdgeSync local topology: source this file\n");
        env.append("export ORIGIN=").append(originUrl()).append('\n');
        StringBuilder all = new StringBuilder();
        for (String region : regions.keySet()) {
            env.append("export ").append(region.toUpperCase(java.util.Locale.ROOT).replace('-', '_')).append('=')
                    .append(edgeUrl(region)).append('\n');
            all.append(all.length() == 0 ? "" : " ").append(edgeUrl(region));
        }
        env.append("export EDGES=\"").append(all).append("\"\n");
        env.append("export EDGESYNC_PURGE_TOKEN=").append(purgeToken()).append('\n');
        env.append("export EDGESYNC_ADMIN_TOKEN=").append(adminToken()).append('\n');
        env.append("export EDGESYNC_WRITE_TOKEN=").append(writeToken()).append('\n');
        return PrivateFile.write(file, env.toString());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        edges.values().stream().flatMap(List::stream).collect(Collectors.toList()).forEach(ServiceProcess::close);
        if (origin != null) {
            origin.close();
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
