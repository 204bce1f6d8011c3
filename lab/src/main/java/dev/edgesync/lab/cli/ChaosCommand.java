package dev.edgesync.lab.cli;

import dev.edgesync.lab.chaos.ChaosLab;
import dev.edgesync.lab.chaos.ChaosResult;
import dev.edgesync.lab.chaos.ChaosRunner;
import dev.edgesync.lab.chaos.ChaosTable;
import dev.edgesync.lab.chaos.Fault;
import dev.edgesync.lab.chaos.FaultResult;
import dev.edgesync.lab.report.RunStore;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.topology.RegionCatalog;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgesync chaos}: its own local topology, a checked load, and one fault after another. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Starts its own local topology on free ports and, during a checked load, injects one fault after",
            "another: kafka-pause, kafka-restart, redis-pause, redis-restart, redis-restart-empty, edge-kill,",
            "origin-kill, postgres-restart, slow-origin. Prints per fault: reads that broke the staleness bound,",
            "lost invalidations (committed, never acknowledged by a region), errors and time to recover;",
            "saves the run for edgesync report. Exit 2 on bad options; with --check, 1 when the bound did not hold."})
public final class ChaosCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fault", paramLabel = "NAME", description = "Run only this fault (repeatable); default: all")
    List<String> faults = new ArrayList<>();

    @Option(names = "--duration", description = "Checked load per fault, PT4S..PT5M (default: ${DEFAULT-VALUE})",
            defaultValue = "PT20S")
    Duration duration;

    @Option(names = "--fault-window", description = "How long a pause or a slow origin lasts (default: ${DEFAULT-VALUE})",
            defaultValue = "PT8S")
    Duration faultWindow;

    @Option(names = "--region", description = "Region whose Redis and edge the regional faults hit (default: the first lazy one)")
    String region;

    @Option(names = "--rate", description = "Reads per second per region (default: ${DEFAULT-VALUE})", defaultValue = "30")
    double rate;

    @Option(names = "--write-rate", description = "Content updates per second (default: ${DEFAULT-VALUE})", defaultValue = "2")
    double writeRate;

    @Option(names = "--seed", description = "Seed of the workload (default: ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;

    @Option(names = "--values", description = "Helm values file that lists the regions (default: ${DEFAULT-VALUE})",
            defaultValue = RegionCatalog.VALUES)
    Path values;

    @Option(names = "--runs-dir", paramLabel = "DIR", description = "Where runs are kept (default: .edgesync/runs)")
    Path runsDir;

    @Option(names = "--markdown", description = "Also print the table as Markdown")
    boolean markdown;

    @Option(names = "--check", description = "Exit 1 when any fault broke the bound, lost an invalidation or had no verdict")
    boolean check;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return execute(out, err);
        } catch (IllegalArgumentException e) {
            err.println("edgesync chaos: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("edgesync chaos: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int execute(PrintWriter out, PrintWriter err) throws Exception {
        List<Fault> chosen = faults.isEmpty() ? List.of(Fault.values()) : faults.stream().map(Fault::fromWire).toList();
        if (rate <= 0 || rate > 300) {
            throw new IllegalArgumentException("--rate must be within (0, 300] reads/s per region, was " + rate);
        }
        if (writeRate < 0 || writeRate > 20) {
            throw new IllegalArgumentException("--write-rate must be within 0..20, was " + writeRate);
        }
        Path root = LabPaths.root();
        List<RegionSpec> regions = RegionCatalog.fromValues(values.isAbsolute() ? values : root.resolve(values));
        String target = region != null ? region : ChaosRunner.defaultRegion(regions);
        if (regions.stream().noneMatch(r -> r.name().equals(target))) {
            throw new IllegalArgumentException("--region " + target + " is not one of "
                    + regions.stream().map(RegionSpec::name).toList());
        }
        ChaosRunner.Options options = new ChaosRunner.Options(chosen, duration, faultWindow, target, rate, writeRate, seed);
        out.println("Starting a local topology of its own on free ports (Kafka, PostgreSQL, " + regions.size()
                + " Redis, origin, " + regions.size() + " edges) ...");
        out.flush();
        ChaosResult result;
        Path dir = LabPaths.runDir("chaos-" + ProcessHandle.current().pid());
        try (ChaosLab lab = ChaosLab.start(regions, dir)) {
            out.println("Up. " + chosen.size() + " fault(s), " + duration + " of checked load each (" + rate
                    + " reads/s per region, " + writeRate + " writes/s); bound: delay + 1 s, lazy STALE at most 2 s past due");
            out.flush();
            result = new ChaosRunner(lab, options, out).run();
        }
        out.println();
        out.print(ChaosTable.render(result));
        if (markdown) {
            out.println();
            out.print(ChaosTable.markdown(result));
        }
        for (FaultResult f : result.faults()) {
            if (!f.examples().isEmpty()) {
                out.println(f.fault() + ", first findings:");
                f.examples().forEach(e -> out.println("  " + e));
            }
        }
        RunStore runs = new RunStore(runsDir != null ? runsDir : root.resolve(".edgesync/runs"));
        Path saved = runs.save("chaos", result);
        out.printf("Faults took %.0f s. Run saved: %s (edgesync report draws it); service logs: %s%n",
                result.durationMs() / 1000.0, saved, dir);
        return check && (result.totalViolations() > 0 || result.totalLost() > 0 || result.withoutVerdict() > 0) ? 1 : 0;
    }
}
