package dev.edgesync.lab.chaos;

import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology a chaos run owns: its own servers and services on free ports, with the edges reaching
 * the origin through a {@link DelayingProxy} (so the origin can be made slow for them alone).
 */
public final class ChaosLab implements AutoCloseable {
    /** The edges' origin timeout in a chaos topology: above the slow origin's 2 s. */
    public static final String ORIGIN_TIMEOUT = "5s";
    private static final String FILL_LEASE = "6s";
    private final LocalServers servers;
    private final LocalTopology topology;
    private final DelayingProxy proxy;

    private ChaosLab(LocalServers servers, LocalTopology topology, DelayingProxy proxy) {
        this.servers = servers;
        this.topology = topology;
        this.proxy = proxy;
    }

    public static ChaosLab start(List<RegionSpec> regions, Path dir) {
        int originPort = Ports.free();
        DelayingProxy proxy;
        try {
            proxy = new DelayingProxy(Ports.free(), originPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the delaying proxy", e);
        }
        LocalServers servers = new LocalServers(dir.resolve("servers"), true, 0, 0, Map.of());
        try {
            Map<String, Map<String, String>> edgeEnv = new LinkedHashMap<>();
            // A 2 s origin is slow, not gone: the edges wait longer for it than their 2 s default (the fill lock's
            // lease stays above the origin timeout), so slow-origin tests the STALE cap, not stale-if-unreachable.
            regions.forEach(r -> edgeEnv.put(r.name(), Map.of("EDGESYNC_ORIGIN_URL", proxy.url(),
                    "EDGESYNC_ORIGIN_TIMEOUT", ORIGIN_TIMEOUT, "EDGESYNC_CACHE_FILL_LEASE", FILL_LEASE)));
            LocalTopology topology = LocalTopology.start(new LocalTopology.Options(regions, originPort, 0, null, null,
                    dir, edgeEnv), servers);
            return new ChaosLab(servers, topology, proxy);
        } catch (RuntimeException e) {
            proxy.close();
            servers.close();
            throw e;
        }
    }

    public LocalServers servers() {
        return servers;
    }

    public LocalTopology topology() {
        return topology;
    }

    public DelayingProxy proxy() {
        return proxy;
    }

    @Override
    public void close() {
        topology.close();
        proxy.close();
        servers.close();
    }
}
