package dev.edgesync.testkit.servers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortsTest {

    /**
     * A server stopped for a fault starts again on its port: that port must not be one the kernel hands to outgoing
     * connections (or to another process binding port 0) in the meantime.
     */
    @Test
    void serverPortsAreFreeAndOutsideTheEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralLow = Files.exists(range) ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 49_152;
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertTrue(port < ephemeralLow, port + " is in the ephemeral range from " + ephemeralLow);
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port));
            }
        }
    }
}
