package dev.edgesync.lab.chaos;

import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.history.WriteOp;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Injects one {@link Fault} into a {@link ChaosLab} and returns when the fault is over (resumed or restarted). */
final class FaultInjector {
    static final long SLOW_ORIGIN_MS = 2_000;

    private final ChaosLab lab;

    FaultInjector(ChaosLab lab) {
        this.lab = lab;
    }

    /**
     * @param window how long a pause or a slow origin lasts
     * @param committed receives the write committed just before the origin is killed
     */
    void inject(Fault fault, String region, Duration window, EdgeSyncApi api, String item, Consumer<WriteOp> committed)
            throws IOException {
        switch (fault) {
            case KAFKA_PAUSE -> pause(lab.servers().kafka().process().pid(), window);
            case KAFKA_RESTART -> lab.servers().restartKafka();
            case REDIS_PAUSE -> pause(lab.servers().redis(region).process().pid(), window);
            case REDIS_RESTART -> {
                String reply = redisCommand(lab.servers().redis(region).port(), "SAVE");
                if (!reply.startsWith("+OK")) {
                    throw new IllegalStateException("Redis SAVE answered " + reply);
                }
                lab.servers().restartRedis(region);
            }
            case REDIS_RESTART_EMPTY -> {
                Files.deleteIfExists(lab.servers().redisDir(region).resolve("dump.rdb"));
                lab.servers().restartRedis(region);
            }
            case EDGE_KILL -> {
                lab.topology().edges(region).forEach(ServiceProcess::kill);
                lab.topology().startEdge(region, Map.of());
            }
            case ORIGIN_KILL -> {
                long start = System.currentTimeMillis();
                EdgeSyncApi.Written w = api.updateTitle(item, "committed just before the origin was killed");
                committed.accept(new WriteOp(item, w.version(), start, System.currentTimeMillis()));
                lab.topology().origin().kill();
                lab.topology().startOrigin(Map.of());
            }
            case POSTGRES_RESTART -> lab.servers().postgres().restart();
            case SLOW_ORIGIN -> {
                lab.proxy().delay(SLOW_ORIGIN_MS);
                try {
                    Ports.sleep(window.toMillis());
                } finally {
                    lab.proxy().delay(0);
                }
            }
        }
    }

    private static void pause(long pid, Duration window) {
        Signals.stop(pid);
        try {
            Ports.sleep(window.toMillis());
        } finally {
            Signals.resume(pid);
        }
    }

    /** One inline RESP command, its first reply line. */
    static String redisCommand(int port, String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), 1_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not answer " + command, e);
        }
    }

    static List<Fault> all() {
        return List.of(Fault.values());
    }
}
