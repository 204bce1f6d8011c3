package dev.edgesync.lab;

import dev.edgesync.lab.cli.ChaosCommand;
import dev.edgesync.lab.cli.CompareCommand;
import dev.edgesync.lab.cli.DemoCommand;
import dev.edgesync.lab.cli.LoadCommand;
import dev.edgesync.lab.cli.PurgeCommand;
import dev.edgesync.lab.cli.ReportCommand;
import dev.edgesync.lab.cli.StatusCommand;
import dev.edgesync.lab.cli.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgesync} command line. */
@Command(name = "edgesync", mixinStandardHelpOptions = true, version = "edgesync 0.1.0",
        description = "Runs EdgeSync locally on real Kafka, Redis and PostgreSQL, and experiments on it.",
        subcommands = {UpCommand.class, StatusCommand.class, DemoCommand.class, LoadCommand.class, CompareCommand.class,
            PurgeCommand.class, ReportCommand.class, ChaosCommand.class})
public final class EdgeSyncCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EdgeSyncCommand()).execute(args));
    }
}
