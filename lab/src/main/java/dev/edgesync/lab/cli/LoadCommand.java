package dev.edgesync.lab.cli;

import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.load.LoadOptions;
import dev.edgesync.lab.load.LoadRunner;
import dev.edgesync.lab.report.ResultTables;
import dev.edgesync.lab.report.RunStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgesync load}: a seeded Zipf workload in every region, with writes, checked for consistency. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Zipf-distributed reads from simulated clients in every region, plus writes, for a duration or a count.",
            "Prints per region: requests, hit ratio, latency percentiles, stale served, origin fetches and the time each",
            "update took to reach the region; records the history and checks it for consistency violations.",
            "The seed experiment: edgesync load --requests-per-region 1450"})
public final class LoadCommand extends LabCommand {
    @Mixin
    WorkloadOptions workload;

    @Option(names = "--check", description = "Exit 1 when the consistency checker finds any violation")
    boolean check;

    @Option(names = "--history", paramLabel = "FILE", description = "Also write the full history (one JSON object per line)")
    Path historyFile;

    @Override
    int execute() throws Exception {
        EdgeSyncApi api = target.api();
        LoadOptions options = workload.toOptions().validated(api.targets().regions().size());
        RunStore runs = target.runs();
        if (!json) {
            out().printf("Load: %,d reads per region at %.0f req/s from %d clients per region over %d items (Zipf %.2f), "
                    + "%.1f writes/s, seed %d%n", options.readsPerRegion(), options.ratePerRegion(),
                    options.clientsPerRegion(), options.items(), options.zipfExponent(), options.writeRate(), options.seed());
            out().flush();
        }
        LoadRunner.Run run = new LoadRunner(api, options, workload.quiet ? null : err(), workload.toleranceMs).run();
        Path saved = runs.save("load", run.result());
        if (historyFile != null) {
            run.history().save(historyFile);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run", saved.toString());
            doc.put("result", run.result());
            printJson(doc);
        } else {
            out().println();
            out().print(ResultTables.seedTable(run.result()));
            out().println();
            out().print(ResultTables.detailTable(run.result()));
            out().println();
            out().print(run.check().describe());
            out().println("Run saved: " + saved);
            if (historyFile != null) {
                out().println("History: " + historyFile);
            }
        }
        return check && !run.check().clean() ? FAILED : 0;
    }
}
