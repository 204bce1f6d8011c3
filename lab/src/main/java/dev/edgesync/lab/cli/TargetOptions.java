package dev.edgesync.lab.cli;

import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.Targets;
import dev.edgesync.lab.report.RunStore;
import dev.edgesync.testkit.servers.LabPaths;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the experiment commands send traffic, and where they keep their runs. */
public final class TargetOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: origin=URL, edge.<region>=URL, edges.order=r1,r2, purge-token, admin-token")
    Path config;

    @Option(names = "--origin", paramLabel = "URL", description = "Origin URL (default: the env file of ./edgesync up, else http://127.0.0.1:4000)")
    String origin;

    @Option(names = "--edge", paramLabel = "REGION=URL", description = "An edge, repeatable; replaces the configured edges "
            + "(default: us-east=http://127.0.0.1:5001 eu-west=...:5002 ap-south=...:5003)")
    Map<String, String> edges = new LinkedHashMap<>();

    @Option(names = "--purge-token", description = "Bearer token of the purge API (default: config, env file, $EDGESYNC_PURGE_TOKEN)")
    String purgeToken;

    @Option(names = "--admin-token", description = "Bearer token of the edges' admin endpoints (default: config, env file, $EDGESYNC_ADMIN_TOKEN)")
    String adminToken;

    @Option(names = "--write-token", description = "Bearer token of content writes at the origin (default: config, env file, $EDGESYNC_WRITE_TOKEN)")
    String writeToken;

    @Option(names = "--env-file", paramLabel = "FILE", description = "Env file written by ./edgesync up (default: .edgesync/up/env)")
    Path envFile;

    @Option(names = "--allow-remote", description = "Allow URLs that are not loopback addresses")
    boolean allowRemote;

    @Option(names = "--runs-dir", paramLabel = "DIR", description = "Where runs are kept (default: .edgesync/runs)")
    Path runsDir;

    public Targets targets() {
        Path env = envFile != null ? envFile : root().resolve(".edgesync/up/env");
        Targets targets = Targets.resolve(origin, edges, purgeToken, adminToken, config, env, System.getenv());
        if (writeToken != null && !writeToken.isBlank()) {
            targets = new Targets(targets.origin(), targets.edges(), targets.purgeToken(), targets.adminToken(),
                    writeToken.trim());
        }
        return targets.validated(allowRemote);
    }

    public EdgeSyncApi api() {
        return new EdgeSyncApi(targets());
    }

    public RunStore runs() {
        return new RunStore(runsDir != null ? runsDir : root().resolve(".edgesync/runs"));
    }

    static Path root() {
        try {
            return LabPaths.root();
        } catch (IllegalStateException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
