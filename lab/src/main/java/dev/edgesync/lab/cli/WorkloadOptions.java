package dev.edgesync.lab.cli;

import dev.edgesync.lab.load.LoadOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The workload options shared by load and compare. */
public final class WorkloadOptions {
    @Option(names = "--items", description = "Content items created for the run (default: ${DEFAULT-VALUE})", defaultValue = "50")
    int items;

    @Option(names = "--zipf", description = "Zipf exponent of item popularity (default: ${DEFAULT-VALUE})", defaultValue = "1.0")
    double zipf;

    @Option(names = "--clients", description = "Simulated clients per region (default: ${DEFAULT-VALUE})", defaultValue = "4")
    int clients;

    @Option(names = "--rate", description = "Reads per second per region; at most 2000 in total (default: ${DEFAULT-VALUE})",
            defaultValue = "100")
    double rate;

    @Option(names = "--requests-per-region", description = "Stop after this many reads per region (default: run for --duration)",
            defaultValue = "0")
    int requestsPerRegion;

    @Option(names = "--duration", description = "How long to read, at most PT10M (default: PT30S, or as long as "
            + "--requests-per-region needs)")
    Duration duration;

    @Option(names = "--write-rate", description = "Content updates per second during the run, at most 20 (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    double writeRate;

    @Option(names = "--seed", description = "Seed of the item choices: the same seed, the same workload (default: ${DEFAULT-VALUE})",
            defaultValue = "42")
    long seed;

    @Option(names = "--tolerance-ms", description = "Slack of the consistency checker past commit + region delay (default: ${DEFAULT-VALUE})",
            defaultValue = "1000")
    long toleranceMs;

    @Option(names = "--probe-interval-ms", description = "How often the lab probes each region after a write (default: ${DEFAULT-VALUE})",
            defaultValue = "15")
    int probeIntervalMs;

    @Option(names = "--quiet", description = "No progress line")
    boolean quiet;

    LoadOptions toOptions() {
        Duration d = duration;
        if (d == null) {
            d = requestsPerRegion > 0 ? LoadOptions.MAX_DURATION : Duration.ofSeconds(30);
        }
        if (toleranceMs < 0 || toleranceMs > 60_000) {
            throw new IllegalArgumentException("--tolerance-ms must be within 0..60000");
        }
        return new LoadOptions(items, zipf, clients, rate, requestsPerRegion, d.toMillis(), writeRate, seed, probeIntervalMs);
    }
}
