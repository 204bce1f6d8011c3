package dev.edgesync.testkit.servers;

import dev.edgesync.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one place that starts and stops EdgeSync's real servers: a Kafka broker, PostgreSQL and one
 * redis-server per region, all on 127.0.0.1. Tests share one set per JVM ({@link #shared()}); the
 * local topology owns its own. Everything is stopped on {@link #close()} or at JVM exit, Ctrl-C included.
 */
public final class LocalServers implements AutoCloseable {
    /** The topics EdgeSync uses, created up front so that no service depends on auto-creation. */
    public static final List<String> TOPICS = List.of(Topics.INVALIDATIONS, Topics.ACKS, Topics.DEAD_LETTERS,
            Topics.PRIORITY_INVALIDATIONS);
    public static final int PARTITIONS = 3;

    private static LocalServers shared;

    private final Path dir;
    private final boolean deleteOnClose;
    private final Map<String, Integer> redisPorts;
    private final int postgresPort;
    private final int kafkaPort;
    private final Map<String, RedisInstance> redis = new LinkedHashMap<>();
    private KafkaBroker kafka;
    private PostgresInstance postgres;
    private boolean closed;

    /**
     * @param dir where server data and logs go
     * @param kafkaPort 0 for a free port
     * @param postgresPort 0 for a free port
     * @param redisPorts fixed Redis ports per region; other regions get free ports
     */
    public LocalServers(Path dir, boolean deleteOnClose, int kafkaPort, int postgresPort, Map<String, Integer> redisPorts) {
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.kafkaPort = kafkaPort;
        this.postgresPort = postgresPort;
        this.redisPorts = Map.copyOf(redisPorts);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "edgesync-servers-stop"));
    }

    /** The JVM-wide set used by tests: started lazily, stopped when the JVM exits. */
    public static synchronized LocalServers shared() {
        if (shared == null) {
            Path dir = LabPaths.runDir("test-" + ProcessHandle.current().pid());
            shared = new LocalServers(dir, true, 0, 0, Map.of());
        }
        return shared;
    }

    public synchronized String kafkaBootstrap() {
        return kafka().bootstrap();
    }

    public synchronized KafkaBroker kafka() {
        checkOpen();
        if (kafka == null) {
            try {
                kafka = KafkaBroker.start(dir.resolve("kafka"), kafkaPort);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Kafka", e);
            }
            kafka.createTopics(PARTITIONS, TOPICS);
        }
        return kafka;
    }

    public synchronized void createTopics(String... names) {
        kafka().createTopics(PARTITIONS, List.of(names));
    }

    /** The Redis of {@code region}, started on first use. */
    public synchronized String redisUrl(String region) {
        return redis(region).url();
    }

    public synchronized RedisInstance redis(String region) {
        checkOpen();
        return redis.computeIfAbsent(region, r -> {
            try {
                return RedisInstance.start(r, redisDir(r), redisPorts.getOrDefault(r, 0));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Redis for " + r, e);
            }
        });
    }

    public synchronized PostgresInstance postgres() {
        checkOpen();
        if (postgres == null) {
            try {
                postgres = PostgresInstance.start(dir.resolve("postgres"), postgresPort);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL", e);
            }
        }
        return postgres;
    }

    public Path dir() {
        return dir;
    }

    /** Where {@code region}'s Redis keeps its files (an RDB snapshot, when one is saved). */
    public Path redisDir(String region) {
        return dir.resolve("redis-" + region);
    }

    /** Stops and starts Kafka again on the same port with its data (a fault for the lab). */
    public synchronized KafkaBroker restartKafka() throws IOException {
        kafka = kafka().restart();
        return kafka;
    }

    /**
     * Stops {@code region}'s Redis and starts it again on the same port and directory: it comes back
     * with the data of an RDB snapshot in {@link #redisDir}, if there is one, else empty.
     */
    public synchronized RedisInstance restartRedis(String region) throws IOException {
        RedisInstance old = redis(region);
        old.close();
        RedisInstance fresh = RedisInstance.start(region, redisDir(region), old.port());
        redis.put(region, fresh);
        return fresh;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> all = new ArrayList<>(redis.values());
        if (kafka != null) {
            all.add(kafka);
        }
        if (postgres != null) {
            all.add(postgres);
        }
        for (AutoCloseable server : all) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("edgesync: could not stop " + server + ": " + e);
            }
        }
        if (deleteOnClose) {
            deleteTree(dir);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("servers already stopped");
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("edgesync: could not delete " + root + ": " + e);
        }
    }
}
