package dev.edgesync.lab.cli;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.load.LoadOptions;
import dev.edgesync.lab.load.LoadResult;
import dev.edgesync.lab.load.LoadRunner;
import dev.edgesync.lab.report.ResultTables;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.lab.warming.WarmingExperiment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code edgesync compare}: the same seeded workload with every region eager, then lazy; with {@code --warming}, two
 * regions alike but for cache warming, side by side ({@link WarmingExperiment}).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Runs the same seeded workload with every region eager, then every region lazy (switched live",
            "through PUT /admin/region, admin token), restores the strategies, and prints both side by side.",
            "With --warming: starts a topology of its own with two eager regions, one with cache warming, updates hot",
            "items and prints each region's hit ratio, origin fetches and latency after the updates."})
public final class CompareCommand extends LabCommand {
    private static final long SWITCH_TIMEOUT_MS = 5_000;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--check", description = "Exit 1 when the consistency checker finds any violation in either run")
    boolean check;

    @Option(names = "--warming", description = "Compare a region with cache warming and one without instead "
            + "(a topology of its own on free ports; the targets are not used)")
    boolean warming;

    @Option(names = "--hot-items", defaultValue = "10", description = "--warming: hot items (default: ${DEFAULT-VALUE})")
    int hotItems;

    @Option(names = "--rounds", defaultValue = "20", description = "--warming: updates, each followed by one read of "
            + "every hot item in both regions (default: ${DEFAULT-VALUE})")
    int rounds;

    /** Both runs, as stored. */
    public record CompareResult(LoadResult eager, LoadResult lazy) {
    }

    @Override
    int execute() throws Exception {
        if (warming) {
            return compareWarming();
        }
        EdgeSyncApi api = target.api();
        if (api.targets().adminToken() == null) {
            throw new IllegalArgumentException("compare switches strategies through PUT /admin/region: it needs the admin "
                    + "token (--admin-token, $EDGESYNC_ADMIN_TOKEN or the env file of ./edgesync up)");
        }
        LoadOptions options = workload.toOptions().validated(api.targets().regions().size());
        Map<String, RegionPolicy> original = LoadRunner.policies(api);
        Map<Strategy, LoadRunner.Run> runs = new LinkedHashMap<>();
        try {
            for (Strategy strategy : new Strategy[] {Strategy.EAGER, Strategy.LAZY}) {
                switchAll(api, strategy);
                if (!json) {
                    out().printf("Run with every region %s: %,d reads per region at %.0f req/s, seed %d%n",
                            strategy.wire(), options.readsPerRegion(), options.ratePerRegion(), options.seed());
                    out().flush();
                }
                runs.put(strategy, new LoadRunner(api, options, workload.quiet ? null : err(), workload.toleranceMs).run());
            }
        } finally {
            for (Map.Entry<String, RegionPolicy> e : original.entrySet()) {
                try {
                    api.setStrategy(e.getKey(), e.getValue().strategy().wire());
                } catch (RuntimeException failure) {
                    err().println("could not restore " + e.getKey() + " to " + e.getValue().strategy().wire() + ": "
                            + failure.getMessage());
                }
            }
        }
        LoadRunner.Run eager = runs.get(Strategy.EAGER);
        LoadRunner.Run lazy = runs.get(Strategy.LAZY);
        CompareResult result = new CompareResult(eager.result(), lazy.result());
        Path saved = target.runs().save("compare", result);
        int violations = eager.check().total() + lazy.check().total();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run", saved.toString());
            doc.put("result", result);
            printJson(doc);
        } else {
            out().println();
            out().print(ResultTables.compareTable(eager.result(), lazy.result()));
            out().println();
            out().print("eager run: " + eager.check().describe());
            out().print("lazy run:  " + lazy.check().describe());
            out().println("Strategies restored: " + original.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().strategy().wire()).toList());
            out().println("Run saved: " + saved);
        }
        return check && violations > 0 ? FAILED : 0;
    }

    private int compareWarming() throws java.io.IOException {
        WarmingExperiment.Options options = new WarmingExperiment.Options(hotItems, rounds, 100, 300);
        Path dir = LabPaths.runDir("warming-" + ProcessHandle.current().pid());
        if (!json) {
            out().printf("Starting a local topology of its own on free ports (Kafka, PostgreSQL, 2 Redis, origin, edges "
                    + "%s and %s, eager, delay %d ms) ...%n", WarmingExperiment.WARM, WarmingExperiment.COLD,
                    options.delayMs());
            out().flush();
        }
        WarmingExperiment.WarmingResult result = WarmingExperiment.run(options, dir, json ? null : err());
        Path saved = target.runs().save("compare-warming", result);
        if (json) {
            printJson(Map.of("run", saved.toString(), "result", result));
        } else {
            out().printf("%nWarming: %d updates over %d hot items; once each is applied in both regions and re-read by "
                    + "%s's warming (at most 5 s), and %d ms more, every hot item is read once in each region%n",
                    options.rounds(), options.hotItems(), WarmingExperiment.WARM, options.settleMs());
            out().print(WarmingExperiment.table(result));
            out().println("Run saved: " + saved + "; service logs: " + dir);
        }
        return 0;
    }

    private void switchAll(EdgeSyncApi api, Strategy strategy) throws InterruptedException {
        for (String region : api.targets().regions()) {
            api.setStrategy(region, strategy.wire());
        }
        long deadline = System.currentTimeMillis() + SWITCH_TIMEOUT_MS;
        for (String region : api.targets().regions()) {
            while (true) {
                EdgeSummary s = api.summary(region);
                if (s != null && strategy.wire().equals(s.strategy())) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(region + " did not switch to " + strategy.wire());
                }
                Thread.sleep(50);
            }
        }
    }
}
