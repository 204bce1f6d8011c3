package dev.edgesync.bench;

import dev.edgesync.testkit.topology.ServiceJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What a result was measured on: CPU, memory, load, Java, tools and the checkout, from /proc and a few commands. */
final class Machine {
    private Machine() {
    }

    /** The topology run's machine lines; {@code root} is where the service jars come from. */
    static List<String> describe(Path root) {
        List<String> lines = new ArrayList<>();
        lines.add(Runtime.getRuntime().availableProcessors() + " CPU cores (" + cpuModel() + "), " + memTotal()
                + " RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "; every process "
                + "(servers, origin, edges, load generators) shares these cores, loopback only");
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "); services run with " + String.join(" ", ServiceJvm.current()) + " (the production set)");
        Wrk.binary().ifPresent(w -> lines.add(firstLine(exec(List.of(w, "-v")))));
        // the checkout run.sh was started from (the service jars may come from EDGESYNC_ROOT)
        String here = Path.of("").toAbsolutePath().toString();
        String commit = firstLine(exec(List.of("git", "-C", here, "rev-parse", "--short", "HEAD")));
        String dirty = exec(List.of("git", "-C", here, "status", "--porcelain", "--untracked-files=no"));
        lines.add("EdgeSync commit " + (commit.isBlank() || commit.startsWith("fatal") ? "unknown" : commit)
                + (dirty.isBlank() || commit.startsWith("fatal") ? "" : " with uncommitted changes in the checkout")
                + (Path.of(here).equals(root) ? "" : "; service jars from " + root));
        return lines;
    }

    /** The comparison's one line: CPUs and kernel. */
    static String summary() {
        try {
            return output(List.of("nproc", "--all")).trim() + " CPUs, "
                    + output(List.of("uname", "-sr")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return procField("/proc/cpuinfo", "model name")
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static String memTotal() {
        return procField("/proc/meminfo", "MemTotal:").map(l -> String.format(Locale.ROOT, "%.1f GiB",
                Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)).orElse("unknown");
    }

    private static java.util.Optional<String> procField(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty(); // not Linux
        }
    }

    static void run(List<String> command) throws IOException {
        output(command);
    }

    /** What the command printed (stdout and stderr); throws when it fails or takes over 30 s. */
    static String output(List<String> command) throws IOException {
        return output(command, true);
    }

    /** What the command printed whatever its exit code ({@code wrk -v} exits 1); empty when it cannot run. */
    private static String exec(List<String> command) {
        try {
            return output(command, false).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String output(List<String> command, boolean strict) throws IOException {
        try {
            return finish(String.join(" ", command), command, 30, strict);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Runs {@code command} to its end (stdin closed, stderr with stdout) and returns what it printed; throws when it
     * runs over {@code limitSeconds} or, {@code strict}, exits non-zero ({@code what} names it in the message).
     */
    static String finish(String what, List<String> command, long limitSeconds, boolean strict)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(what + " did not finish in " + limitSeconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (strict && p.exitValue() != 0) {
            throw new IOException(what + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
