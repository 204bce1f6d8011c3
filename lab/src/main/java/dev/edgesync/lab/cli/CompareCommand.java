package dev.edgesync.lab.cli;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.load.LoadOptions;
import dev.edgesync.lab.load.LoadResult;
import dev.edgesync.lab.load.LoadRunner;
import dev.edgesync.lab.report.ResultTables;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgesync compare}: the same seeded workload with every region eager, then lazy. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Runs the same seeded workload with every region eager, then every region lazy (switched live",
            "through PUT /admin/region, admin token), restores the strategies, and prints both side by side."})
public final class CompareCommand extends LabCommand {
    private static final long SWITCH_TIMEOUT_MS = 5_000;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--check", description = "Exit 1 when the consistency checker finds any violation in either run")
    boolean check;

    /** Both runs, as stored. */
    public record CompareResult(LoadResult eager, LoadResult lazy) {
    }

    @Override
    int execute() throws Exception {
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
