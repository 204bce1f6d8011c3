package dev.edgesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Fixed-rate load with h2load over HTTP/1.1: {@code --rps} requests per second per connection for {@code -D}
 * seconds. h2load prints no percentiles, so every request's latency comes from its {@code --log-file} (start time,
 * status, microseconds to the end of the response) into an HdrHistogram.
 */
final class H2load {
    record Result(long requests, long succeeded, long failed, long non2xx, long logged, double p50Ms, double p99Ms,
            double p999Ms, double maxMs) {
    }

    private static final Pattern REQUESTS = Pattern.compile(
            "requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded, (\\d+) failed");

    private H2load() {
    }

    /** {@code rate} requests per second in all, spread over {@code connections} (h2load takes a per-client rate). */
    static List<String> command(int connections, int rate, int seconds, Path log, String url) {
        return List.of("h2load", "--h1", "-t1", "-c" + connections,
                "--rps=" + String.format(Locale.ROOT, "%.3f", rate / (double) connections), "-D", seconds + "s",
                "--warm-up-time=1s", "--log-file=" + log, url);
    }

    static Result run(List<String> prefix, List<String> command, Path log, int seconds)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        String out = Machine.finish("h2load", all, seconds + 60L, true);
        return parse(out, Files.readAllLines(log));
    }

    /** Summary line of the h2load report plus the per-request log lines ({@code start<TAB>status<TAB>micros}). */
    static Result parse(String report, List<String> logLines) {
        Matcher m = REQUESTS.matcher(report);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'requests:' line in h2load output:\n" + report);
        }
        Histogram h = new Histogram(3_600_000_000L, 3);
        long non2xx = 0;
        for (String line : logLines) {
            String[] f = line.trim().split("\t");
            if (f.length < 3) {
                continue;
            }
            int status = Integer.parseInt(f[1]);
            if (status < 200 || status > 299) {
                non2xx++;
            }
            h.recordValue(Math.max(0, Long.parseLong(f[2])));
        }
        if (h.getTotalCount() == 0) {
            throw new IllegalArgumentException("h2load's log holds no request");
        }
        return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), non2xx,
                h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }
}
