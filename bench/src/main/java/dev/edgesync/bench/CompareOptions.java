package dev.edgesync.bench;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The comparison's knobs ({@code bench/run.sh --help}), shared by its command, its measures and its report. */
final class CompareOptions {
    @Option(names = "--rounds", description = "Interleaved rounds (nginx, Varnish, edge each round); medians shown "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "3")
    int rounds;

    @Option(names = "--caches", split = ",", description = "Caches to run, in column order (default: ${DEFAULT-VALUE})",
            defaultValue = "nginx,varnish,edge")
    List<String> caches;

    @Option(names = "--measures", split = ",", description = "Measures to take: hit, rate, zipf, storm, redis, gzip "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "hit,rate,zipf,storm")
    List<String> measures;

    @Option(names = "--keep", description = "Keep the origin's files, the caches' data and the logs under "
            + ".edgesync/bench-compare (default: only the logs are kept)")
    boolean keep;

    @Option(names = "--hit-seconds", description = "Length of each wrk hit run (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int hitSeconds;

    @Option(names = "--connections", description = "wrk connections (default: ${DEFAULT-VALUE})", defaultValue = "64")
    int connections;

    @Option(names = "--rate", description = "Fixed request rate of the latency run (default: ${DEFAULT-VALUE})",
            defaultValue = "5000")
    int rate;

    @Option(names = "--rate-seconds", description = "Length of the fixed-rate run (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    int rateSeconds;

    @Option(names = "--zipf-objects", description = "Objects of the Zipf run (default: ${DEFAULT-VALUE})",
            defaultValue = "10000")
    int zipfObjects;

    @Option(names = "--zipf-requests", description = "Quota of the Zipf run (default: ${DEFAULT-VALUE})",
            defaultValue = "100000")
    int zipfRequests;

    @Option(names = "--zipf-limit-seconds", description = "Time limit of the Zipf quota (default: ${DEFAULT-VALUE})",
            defaultValue = "15")
    int zipfLimitSeconds;

    @Option(names = "--zipf-warmups", description = "Warm-up passes before the Zipf run, over other objects; the same "
            + "objects in every round, so only the first round's are misses (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int zipfWarmups;

    @Option(names = "--storm", description = "Concurrent requests of one cold key (default: ${DEFAULT-VALUE})",
            defaultValue = "1000")
    int storm;

    @Option(names = "--storm-delay-ms", description = "The slow origin's answer time (default: ${DEFAULT-VALUE})",
            defaultValue = "200")
    int stormDelayMs;

    @Option(names = "--edge-jvm", description = "JVM options of the edge, one string (default: the production set "
            + "of the lab and the chart, ServiceJvm.PRODUCTION)")
    String edgeJvm;

    @Option(names = "--tier-cpu", description = "CPU of the caching tier (default: ${DEFAULT-VALUE})", defaultValue = "0")
    String tierCpu;

    @Option(names = "--load-cpu", description = "CPU of the load generators (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    String loadCpu;

    @Option(names = "--max-minutes", description = "Whole-run time limit (default: ${DEFAULT-VALUE})",
            defaultValue = "30")
    int maxMinutes;

    @Option(names = "--out", description = "Markdown result (default: bench/results/latest.md)")
    Path out;
}
