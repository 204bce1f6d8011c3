package dev.edgesync.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the {@code wrk} binary and reads its {@code --latency} report. */
final class Wrk {
    record Result(double requestsPerSecond, long requests, long p50Micros, long p90Micros, long p99Micros,
            long non2xx, String socketErrors, String raw) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors:\\s*(.+)");

    private Wrk() {
    }

    /** The wrk binary on the PATH, if any. */
    static Optional<String> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.nio.file.Path candidate = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (java.nio.file.Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    static List<String> command(String binary, int threads, int connections, int seconds, String url) {
        return List.of(binary, "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency", url);
    }

    static String display(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        shown.set(0, "wrk");
        return String.join(" ", shown);
    }

    static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        return parse(Machine.finish("wrk", command, seconds + 30L, true));
    }

    static Result parse(String out) {
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalArgumentException("no Requests/sec in wrk output:\n" + out);
        }
        Matcher total = TOTAL.matcher(out);
        Matcher non2xx = NON2XX.matcher(out);
        Matcher socket = SOCKET.matcher(out);
        return new Result(Double.parseDouble(rps.group(1)), total.find() ? Long.parseLong(total.group(1)) : -1,
                percentile(out, "50%"), percentile(out, "90%"), percentile(out, "99%"),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socket.find() ? socket.group(1).trim() : "none",
                out);
    }

    /** A line of the latency distribution, e.g. {@code "     99%    3.21ms"}, in microseconds; -1 when absent. */
    static long percentile(String out, String label) {
        Matcher m = Pattern.compile("^\\s*" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE)
                .matcher(out);
        if (!m.find()) {
            return -1;
        }
        double v = Double.parseDouble(m.group(1));
        return Math.round(switch (m.group(2)) {
            case "us" -> v;
            case "ms" -> v * 1_000;
            case "s" -> v * 1_000_000;
            default -> v * 60_000_000;
        });
    }
}
