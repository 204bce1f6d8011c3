package dev.edgesync.testkit.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The restarts the chaos lab injects: same port, data kept where the server keeps it. */
class ServerRestartTest {

    @Test
    void postgresRestartsOnItsPortWithItsData() throws Exception {
        var dir = Files.createTempDirectory("edgesync-restart-test");
        try (LocalServers servers = new LocalServers(dir, true, 0, 0, Map.of())) {
            PostgresInstance postgres = servers.postgres();
            int port = postgres.port();
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password())) {
                c.createStatement().execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
            }
            postgres.restart();
            assertEquals(port, postgres.port());
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                    ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
        assertFalse(Files.exists(dir), "scratch directory left behind");
    }

    @Test
    void redisRestartsOnItsPortWithItsSnapshotOrEmptyWithout() throws Exception {
        var dir = Files.createTempDirectory("edgesync-restart-test");
        try (LocalServers servers = new LocalServers(dir, true, 0, 0, Map.of())) {
            RedisInstance before = servers.redis("a");
            assertEquals("+OK", command(before.port(), "SET kept 42"));
            assertEquals("+OK", command(before.port(), "SAVE"));
            RedisInstance after = servers.restartRedis("a");
            assertEquals(before.port(), after.port());
            assertFalse(before.process().isAlive());
            assertEquals(after, servers.redis("a"));
            assertEquals("$2 42", command(after.port(), "GET kept"), "the snapshot was not loaded");

            Files.delete(servers.redisDir("a").resolve("dump.rdb"));
            RedisInstance empty = servers.restartRedis("a");
            assertEquals("$-1", command(empty.port(), "GET kept"), "data survived without a snapshot");
        }
    }

    /** One inline command; the reply's first line, plus the bulk string's line when there is one. */
    private static String command(int port, String command) throws Exception {
        try (Socket socket = new Socket(Ports.LOOPBACK, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String first = in.readLine();
            return first.startsWith("$") && !first.equals("$-1") ? first + " " + in.readLine() : first;
        }
    }
}
