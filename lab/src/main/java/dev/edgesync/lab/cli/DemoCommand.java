package dev.edgesync.lab.cli;

import dev.edgesync.lab.demo.DemoResult;
import dev.edgesync.lab.demo.DemoRunner;
import dev.edgesync.lab.report.RunStore;
import dev.edgesync.lab.report.TextTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesync demo}: the consistency timeline of one update, as a table and as a picture. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Creates (or takes --id) one content item, warms every region, updates it and reads every region",
            "every few ms until all serve the new version. Prints per region the first STALE, the first fresh new",
            "version and whether any region served it before its delay; draws the timeline as SVG."})
public final class DemoCommand extends LabCommand {
    @Option(names = "--id", description = "Update this existing content item instead of creating one")
    String id;

    @Option(names = "--interval-ms", description = "Polling interval per region (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int intervalMs;

    @Option(names = "--timeout", description = "Give up after this long, at most PT2M (default: ${DEFAULT-VALUE})",
            defaultValue = "PT15S")
    Duration timeout;

    @Option(names = "--svg", paramLabel = "FILE", description = "Where to write the picture (default: next to the run in .edgesync/runs)")
    Path svgFile;

    @Override
    int execute() throws Exception {
        DemoRunner runner = new DemoRunner(target.api(), intervalMs, timeout.toMillis());
        DemoResult result = runner.run(id);
        RunStore runs = target.runs();
        Path svg = svgFile != null ? svgFile : runs.newFile("demo", ".svg");
        if (svg.toAbsolutePath().getParent() != null) {
            Files.createDirectories(svg.toAbsolutePath().getParent());
        }
        Files.writeString(svg, result.svg());
        Path saved = runs.save("demo", result);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run", saved.toString());
            doc.put("svgFile", svg.toString());
            doc.put("ok", result.ok());
            doc.put("result", result);
            printJson(doc);
            return result.ok() ? 0 : FAILED;
        }
        out().printf("Content %s updated from v%d to v%d (the update took %d ms); times are ms after the update started.%n%n",
                result.item(), result.oldVersion(), result.newVersion(), result.updateMs());
        TextTable table = new TextTable("region", "strategy", "delay", "first STALE", "first new", "before delay",
                "converged", "reads");
        for (DemoResult.RegionTimeline t : result.regions()) {
            table.row(t.region(), t.strategy(), t.delayMs() + "ms", t.firstStaleMs() == null ? "-" : t.firstStaleMs() + "ms",
                    t.firstNewMs() == null ? "-" : t.firstNewMs() + "ms", t.early() ? "YES: " + t.beforeDelay() : "no",
                    t.converged() ? "yes" : "NO", t.samples().size());
        }
        out().print(table);
        out().println();
        out().println("Transitions:");
        for (DemoResult.RegionTimeline t : result.regions()) {
            StringBuilder line = new StringBuilder(String.format("  %-10s", t.region()));
            String previous = null;
            for (DemoResult.Sample s : t.samples()) {
                String state = s.status() == 200 ? (s.xCache() == null ? "-" : s.xCache()) + " v" + s.version()
                        : "status " + s.status();
                if (!state.equals(previous)) {
                    line.append(String.format(" %+6d ms %-14s", s.atMs(), state));
                    previous = state;
                }
            }
            out().println(line.toString().stripTrailing());
        }
        out().println();
        out().println("Picture: " + svg.toAbsolutePath());
        out().println("Run saved: " + saved);
        out().println(result.ok() ? "Every region converged, none before its delay."
                : "Not every region converged in time, or one served the new version before its delay.");
        return result.ok() ? 0 : FAILED;
    }
}
