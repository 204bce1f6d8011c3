package dev.edgesync.origin;

import dev.edgesync.testkit.servers.LocalServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Points the application at the real Kafka and PostgreSQL the test kit starts once per test JVM. */
public class RealServersTestResource implements QuarkusTestResourceLifecycleManager {
    private static final String[] NAMES = { "kafka.bootstrap.servers", "quarkus.datasource.jdbc.url",
            "quarkus.datasource.username", "quarkus.datasource.password" };
    private static final String PREFIX = "edgesync.test.servers.";

    @Override
    public Map<String, String> start() {
        // A test profile restarts Quarkus in a new class loader, where LocalServers.shared() would start a second set
        // of servers on the same directories: the first set's addresses are kept in system properties instead.
        if (System.getProperty(PREFIX + NAMES[0]) != null) {
            Map<String, String> known = new HashMap<>();
            for (String name : NAMES) {
                known.put(name, System.getProperty(PREFIX + name));
            }
            return known;
        }
        LocalServers servers = LocalServers.shared();
        servers.createTopics(LocalServers.TOPICS.toArray(String[]::new));
        var postgres = servers.postgres();
        Map<String, String> config = Map.of(
                "kafka.bootstrap.servers", servers.kafkaBootstrap(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
        config.forEach((name, value) -> System.setProperty(PREFIX + name, value));
        return config;
    }

    /** The Kafka of this test JVM, whichever class loader asks. */
    public static String kafkaBootstrap() {
        String known = System.getProperty(PREFIX + NAMES[0]);
        return known != null ? known : LocalServers.shared().kafkaBootstrap();
    }

    @Override
    public void stop() {
        // LocalServers stops its servers when the JVM exits.
    }
}
