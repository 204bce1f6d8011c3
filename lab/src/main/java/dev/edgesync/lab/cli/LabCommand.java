package dev.edgesync.lab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * Base of the experiment commands: output through picocli's writers (so callers can capture it),
 * bad options exit 2, unreachable services or failed runs exit 1.
 */
abstract class LabCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TargetOptions target;

    @CommandLine.Option(names = "--json", description = "Print JSON for machines instead of text tables")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (IllegalArgumentException e) {
            err().println("edgesync " + spec.name() + ": " + e.getMessage());
            err().flush();
            return USAGE;
        } catch (IllegalStateException | UncheckedIOException e) {
            err().println("edgesync " + spec.name() + ": " + e.getMessage());
            err().flush();
            return FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    abstract int execute() throws Exception;

    void printJson(Object value) throws java.io.IOException {
        out().println(dev.edgesync.lab.report.RunStore.JSON.writeValueAsString(value));
    }
}
