package dev.edgesync.testkit.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.testkit.servers.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SocketOwnerTest {
    @Test
    void readsListeningInodesFromTheProcTable() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1",
                "   1: 0100007F:0FA0 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 222 1",
                "   2: 0100007F:1389 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1");
        assertEquals(Set.of("111"), SocketOwner.listeningInodes(table, 4000));
    }

    @Test
    void tellsTheListeningProcessFromAnother() throws Exception {
        Assumptions.assumeTrue(SocketOwner.listens(ProcessHandle.current().pid(), 1).isPresent(), "no /proc");
        Process other = new ProcessBuilder("sleep", "30").start();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertEquals(Optional.of(true), SocketOwner.listens(ProcessHandle.current().pid(), socket.getLocalPort()));
            assertEquals(Optional.of(false), SocketOwner.listens(other.pid(), socket.getLocalPort()));
        } finally {
            other.destroy();
        }
    }

    @Test
    void aProcessThatIsGoneHoldsNoPort() throws Exception {
        Assumptions.assumeTrue(SocketOwner.listens(ProcessHandle.current().pid(), 1).isPresent(), "no /proc");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertEquals(Optional.of(false), SocketOwner.listens(gone.pid(), socket.getLocalPort()));
        }
    }
}
