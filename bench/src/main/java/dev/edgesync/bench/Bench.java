package dev.edgesync.bench;

import dev.edgesync.testkit.topology.ServiceJvm;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The benchmark's entry point ({@code bench/run.sh}): {@code topology [options]} runs the EdgeSync-only scenarios
 * ({@link TopologyCommand}); anything else is the comparison with nginx and Varnish ({@link Compare}).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("topology")) {
            Compare.main(args);
            return;
        }
        // the services this benchmark starts run as deployed: C2, fixed heap (as `./edgesync up --production`)
        System.setProperty(ServiceJvm.PROPERTY, "production");
        System.exit(new CommandLine(new TopologyCommand()).execute(Arrays.copyOfRange(args, 1, args.length)));
    }
}
