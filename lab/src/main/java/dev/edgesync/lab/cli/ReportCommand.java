package dev.edgesync.lab.cli;

import dev.edgesync.lab.report.HtmlReport;
import dev.edgesync.lab.report.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgesync report}: one self-contained HTML file of the last runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML file (inline SVG charts, no network needed) of the last runs of",
            "load, compare and demo: latency per region, hit ratio over time, staleness windows, eager vs lazy."})
public final class ReportCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--runs-dir", paramLabel = "DIR", description = "Where runs are kept (default: .edgesync/runs)")
    Path runsDir;

    @Option(names = "--last", description = "How many runs to include, 1..100 (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int last;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output file (default: .edgesync/report.html)")
    Path out;

    @Option(names = "--json", description = "Print the output path and run count as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (last < 1 || last > 100) {
            spec.commandLine().getErr().println("edgesync report: --last must be within 1..100");
            return 2;
        }
        Path root = TargetOptions.root();
        RunStore store = new RunStore(runsDir != null ? runsDir : root.resolve(".edgesync/runs"));
        List<RunStore.StoredRun> runs = store.last(last);
        Path file = out != null ? out : root.resolve(".edgesync/report.html");
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, HtmlReport.render(runs));
        if (json) {
            spec.commandLine().getOut().println(RunStore.JSON.writeValueAsString(
                    Map.of("report", file.toAbsolutePath().toString(), "runs", runs.size())));
        } else {
            spec.commandLine().getOut().println("Report of " + runs.size() + " run(s) from " + store.dir() + ": "
                    + file.toAbsolutePath());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
