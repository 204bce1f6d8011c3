package dev.edgesync.bench;

import dev.edgesync.testkit.servers.ChildProcess;
import dev.edgesync.testkit.servers.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes of the comparison's caching tier: the nginx origin and the caches in front of it, started by
 * {@link NginxTier}, {@link VarnishTier} and {@link EdgeTier}. Every process runs on 127.0.0.1, pinned with
 * {@code taskset -c} to the tier's CPU, and under {@code timeout}, so that it stops by itself even if the bench dies;
 * {@link #close()} sends SIGTERM.
 */
final class CacheTier implements AutoCloseable {
    static final String CACHE_CONTROL = "public, max-age=3600";

    /** One cache under test; {@code redisPort}: the edge's own Redis, 0 for the other caches. */
    record Proxy(String name, String label, int port, int redisPort) {
        Proxy(String name, String label, int port) {
            this(name, label, port, 0);
        }

        String url() {
            return "http://" + Ports.LOOPBACK + ":" + port;
        }
    }

    private final Path dir;
    private final String cpu;
    private final int maxMinutes;
    private final List<AutoCloseable> started = new ArrayList<>();

    CacheTier(Path dir, String cpu, int maxMinutes) {
        this.dir = dir;
        this.cpu = cpu;
        this.maxMinutes = maxMinutes;
    }

    /** The tier's working directory: the origin's files, the caches' data and every process's log. */
    Path dir() {
        return dir;
    }

    /** The CPU the tier is pinned to ({@code taskset -c}). */
    String cpu() {
        return cpu;
    }

    /** Command prefix: pinned to the tier's CPU, killed with SIGTERM after the run's time limit. */
    List<String> pinned(List<String> command) {
        List<String> all = new ArrayList<>(List.of("taskset", "-c", cpu, "timeout", "--kill-after=20s",
                maxMinutes + "m"));
        all.addAll(command);
        return all;
    }

    /** Starts {@code command} pinned, logging to {@code <dir>/<name>.log}; {@link #close()} stops it. */
    ChildProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
        ChildProcess p = ChildProcess.start(name, pinned(command), env, dir, dir.resolve(name + ".log"));
        started.add(p);
        return p;
    }

    /** Something started elsewhere that {@link #close()} stops with the rest. */
    void track(AutoCloseable process) {
        started.add(process);
    }

    static void awaitPort(String name, ChildProcess p, int port) {
        Ports.await(name + " on port " + port, Duration.ofSeconds(120), p, () -> accepts(port));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(Ports.LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops everything started, newest first, with SIGTERM (then SIGKILL after 15 s). */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new UncheckedIOException(new IOException(e));
            }
        }
        started.clear();
    }
}
