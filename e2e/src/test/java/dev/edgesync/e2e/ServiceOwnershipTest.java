package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.ServiceProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./edgesync up} once said "EdgeSync is up" because another instance answered the health
 * check on the port its own origin had failed to bind. A service counts as started only when the
 * process just started holds the port.
 */
class ServiceOwnershipTest {

    @Test
    void anotherProgramAnsweringOnThePortIsNotTakenForTheServiceJustStarted() throws Exception {
        HttpServer impostor = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, 0), 0);
        impostor.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1); // healthy, for anyone who asks
            exchange.close();
        });
        impostor.start();
        Path dir = Files.createTempDirectory("edgesync-ownership");
        int port = impostor.getAddress().getPort();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServiceProcess.start("edge-impostor",
                    "edge", port, Map.of("QUARKUS_HTTP_PORT", String.valueOf(port), "QUARKUS_HTTP_HOST", Ports.LOOPBACK,
                            "EDGESYNC_REGION_NAME", "impostor"), dir).close());
            assertTrue(e.getMessage().contains("edge-impostor exited"), e.getMessage());
        } finally {
            impostor.stop(0);
            LocalServers.deleteTree(dir);
        }
    }
}
