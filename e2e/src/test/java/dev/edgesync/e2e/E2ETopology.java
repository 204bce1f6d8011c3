package dev.edgesync.e2e;

import dev.edgesync.events.Strategy;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionCatalog;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topology every end-to-end test talks to, started once per test JVM: the regions of the
 * chart's values (us-east, eu-west, ap-south) plus {@value #RACE}, an eager region whose edge
 * reaches the origin through a {@link HoldingProxy}.
 */
final class E2ETopology {
    static final String RACE = "fill-race";

    private static LocalTopology topology;
    private static HoldingProxy proxy;
    private static List<RegionSpec> seed;

    private E2ETopology() {
    }

    static synchronized LocalTopology get() {
        if (topology == null) {
            seed = RegionCatalog.fromValues(LabPaths.root().resolve(RegionCatalog.VALUES));
            int originPort = Ports.free();
            try {
                proxy = new HoldingProxy(Ports.free(), "http://127.0.0.1:" + originPort);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<RegionSpec> regions = new ArrayList<>(seed);
            regions.add(new RegionSpec(RACE, 100, Strategy.EAGER));
            String proxyUrl = "http://127.0.0.1:" + proxy.port();
            topology = LocalTopology.start(new LocalTopology.Options(regions, originPort, 0, null, null,
                    LabPaths.runDir("e2e-" + ProcessHandle.current().pid()),
                    Map.of(RACE, Map.of("EDGESYNC_ORIGIN_URL", proxyUrl))), LocalServers.shared());
            Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
        }
        return topology;
    }

    /** The regions of the chart's values, without the test-only region. */
    static List<RegionSpec> seedRegions() {
        get();
        return seed;
    }

    static HoldingProxy proxy() {
        get();
        return proxy;
    }
}
