package dev.edgesync.testkit.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A real redis-server on a loopback port: the machine's own {@code redis-server} when it is on the
 * PATH, else the Redis 6.2 binary that ships inside {@code com.github.codemonstur:embedded-redis}.
 */
public final class RedisInstance implements AutoCloseable {
    private static final String EMBEDDED_VERSION = "6.2.6-v5";

    private final int port;
    private final ChildProcess process;

    private RedisInstance(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** The chart's policy: only keys with an expiry (cache entries, locks) are evicted, never invalidation state. */
    public static final String EVICTION_POLICY = "volatile-lru";

    public static RedisInstance start(String name, Path dir, int configuredPort) throws IOException {
        return start(name, dir, configuredPort, "512mb");
    }

    /** A region's Redis holding at most {@code maxmemory} (Redis syntax, e.g. {@code 8mb}). */
    public static RedisInstance start(String name, Path dir, int configuredPort, String maxmemory) throws IOException {
        int port = Ports.orFree(configuredPort);
        Files.createDirectories(dir);
        List<String> command = List.of(binary().toString(), "--port", String.valueOf(port), "--bind", Ports.LOOPBACK,
                "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--dir", dir.toString(),
                "--maxmemory", maxmemory, "--maxmemory-policy", EVICTION_POLICY);
        ChildProcess process = ChildProcess.start("redis-" + name, command, Map.of(), dir, dir.resolve("redis.log"));
        RedisInstance redis = new RedisInstance(port, process);
        try {
            Ports.await("Redis " + name + " on port " + port, Duration.ofSeconds(20), process, redis::answersPing);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return redis;
    }

    public String url() {
        return "redis://" + Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), 200);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.close();
    }

    public static Path binary() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return extractEmbedded();
    }

    private static synchronized Path extractEmbedded() throws IOException {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String resource = "redis-server-" + EMBEDDED_VERSION + "-linux-" + (arch.contains("aarch64") ? "arm64" : "amd64");
        if (arch.contains("aarch64")) {
            resource = "redis-server-6.2.7-linux-arm64";
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "edgesync-" + resource);
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = RedisInstance.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and no embedded binary " + resource
                        + " for this platform; install redis-server");
            }
            Path temp = Files.createTempFile("edgesync-redis", ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }
}
