package dev.edgesync.edge.support;

import dev.edgesync.events.Topics;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.servers.RedisInstance;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real servers for the edge's tests: Kafka and the region's redis-server from the test kit's {@link LocalServers}, and a
 * {@link TestOrigin} on a random port. The region config file starts empty (settings come from properties).
 */
public class EdgeTestResources implements QuarkusTestResourceLifecycleManager {
    public static final String REGION = "edge-test";

    /*
     * A test profile restarts Quarkus in a new class loader, where LocalServers.shared() would be a second
     * singleton trying to start a second broker. System properties are JVM-wide: the first start records the
     * servers' addresses there and later starts reuse them.
     */
    private static final String KAFKA_PROPERTY = "edge.test.kafka";
    private static final String REDIS_PROPERTY = "edge.test.redis";
    private static final String CONFIG_FILE_PROPERTY = "edge.test.region-file";

    private static final String SMALL_REDIS_PROPERTY = "edge.test.small-redis";
    /** maxmemory of the {@code redis=small} server: small enough for a test to drive it past the limit. */
    public static final String SMALL_REDIS_MAXMEMORY = "8mb";

    private boolean redisDown;
    private boolean redisSmall;
    private boolean rawOrigin;

    /**
     * Init argument {@code redis=down}: point the edge at a port where no Redis listens; {@code redis=small}: at a
     * redis-server of its own with {@value #SMALL_REDIS_MAXMEMORY} maxmemory and the chart's eviction policy;
     * {@code origin=raw}: the origin is a {@link RawOrigin} (exact bytes on the wire).
     */
    @Override
    public void init(Map<String, String> initArgs) {
        redisDown = "down".equals(initArgs.get("redis"));
        redisSmall = "small".equals(initArgs.get("redis"));
        rawOrigin = "raw".equals(initArgs.get("origin"));
    }

    /** The URL of the {@code redis=small} server (started once per JVM, stopped at exit). */
    public static synchronized String smallRedisUrl() {
        synchronized (System.class) {
            if (System.getProperty(SMALL_REDIS_PROPERTY) == null) {
                try {
                    Path dir = Files.createTempDirectory("edge-small-redis");
                    RedisInstance redis = RedisInstance.start("edge-test-small", dir, 0, SMALL_REDIS_MAXMEMORY);
                    Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
                    System.setProperty(SMALL_REDIS_PROPERTY, redis.url());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return System.getProperty(SMALL_REDIS_PROPERTY);
        }
    }

    @Override
    public Map<String, String> start() {
        synchronized (System.class) {
            if (System.getProperty(KAFKA_PROPERTY) == null) {
                LocalServers servers = LocalServers.shared();
                servers.createTopics(Topics.INVALIDATIONS, Topics.ACKS, Topics.DEAD_LETTERS,
                        Topics.PRIORITY_INVALIDATIONS);
                try {
                    System.setProperty(CONFIG_FILE_PROPERTY,
                            Files.createTempFile("edge-region", ".properties").toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.setProperty(REDIS_PROPERTY, servers.redisUrl(REGION));
                System.setProperty(KAFKA_PROPERTY, servers.kafkaBootstrap());
            }
        }
        // there is no relay in these tests: heartbeats keep the staleness lease held, as the relay would
        KafkaProbe.startHeartbeats(kafkaBootstrap());
        return Map.of(
                "kafka.bootstrap.servers", kafkaBootstrap(),
                "quarkus.redis.hosts", redisDown ? "redis://127.0.0.1:" + closedPort()
                        : redisSmall ? smallRedisUrl() : System.getProperty(REDIS_PROPERTY),
                "edgesync.origin.url", rawOrigin ? RawOrigin.get().url() : TestOrigin.get().url(),
                "edgesync.region.name", REGION,
                "edgesync.cache.set-cookie.\"/cookie-never/\"", "never",
                "edgesync.region.config-file", configFile().toString());
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path configFile() {
        return Path.of(System.getProperty(CONFIG_FILE_PROPERTY));
    }

    public static String kafkaBootstrap() {
        return System.getProperty(KAFKA_PROPERTY);
    }

    @Override
    public void stop() {
        // LocalServers stops its servers from a shutdown hook.
    }
}
