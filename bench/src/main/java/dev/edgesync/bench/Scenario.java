package dev.edgesync.bench;

import picocli.CommandLine;

/**
 * One scenario of {@code bench/run.sh topology} (numbered by its place in {@link TopologyCommand#scenarios()}): its
 * options (picocli, mixed into {@link TopologyCommand}), their ranges, and the measurement on the running topology,
 * which adds rows to the report.
 */
interface Scenario {
    /** Throws a {@link CommandLine.ParameterException} naming the option when a value is out of its range. */
    void validate(CommandLine cli);

    void run(RunningTopology t) throws Exception;

    static void require(CommandLine cli, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(cli, option + " must be " + min + ".." + max + ", was " + value);
        }
    }

    /** A count written as {@code 1000000}, {@code 1_000_000} or {@code 1,000,000}. */
    final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Integer.parseInt(value.trim().replace("_", "").replace(",", ""));
        }
    }
}
