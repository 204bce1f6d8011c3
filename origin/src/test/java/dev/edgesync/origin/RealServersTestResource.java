package dev.edgesync.origin;

import dev.edgesync.lab.servers.LocalServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the application at the real Kafka and PostgreSQL the lab starts once per test JVM. */
public class RealServersTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalServers servers = LocalServers.shared();
        servers.createTopics(LocalServers.TOPICS.toArray(String[]::new));
        var postgres = servers.postgres();
        return Map.of(
                "kafka.bootstrap.servers", servers.kafkaBootstrap(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        // LocalServers stops its servers when the JVM exits.
    }
}
