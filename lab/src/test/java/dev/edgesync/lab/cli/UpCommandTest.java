package dev.edgesync.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.LocalServers;
import dev.edgesync.testkit.servers.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code edgesync up} refuses, before starting anything, what would make it claim a topology that is not its own. */
class UpCommandTest {
    private final String name = "test-" + ProcessHandle.current().pid();
    private final Path dir = LabPaths.runDir("up-" + name);

    @AfterEach
    void cleanUp() {
        LocalServers.deleteTree(dir);
    }

    @Test
    void busyOriginPortExitsTwoNamingThePortAndTheOptionBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            int port = taken.getLocalPort();
            CliRun r = CliRun.of("up", "--name", name, "--origin-port", String.valueOf(port),
                    "--edge-base-port", String.valueOf(Ports.free()), "--for", "PT1S");
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("port " + port + " (origin) is already in use"), r.err());
            assertTrue(r.err().contains("--origin-port"), r.err());
            assertFalse(r.out().contains("EdgeSync is up"), r.out());
            assertFalse(Files.exists(dir.resolve("servers")), "servers were started although a port was taken");
            assertFalse(Files.exists(dir.resolve("lock")), "the lock outlived the refused run");
        }
    }

    @Test
    void busyEdgePortNamesTheRegionAndEdgeBasePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            int port = taken.getLocalPort();
            CliRun r = CliRun.of("up", "--name", name, "--origin-port", String.valueOf(Ports.free()),
                    "--edge-base-port", String.valueOf(port), "--for", "PT1S");
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("port " + port + " (edge "), r.err());
            assertTrue(r.err().contains("--edge-base-port"), r.err());
        }
    }

    @Test
    void secondInstanceInTheSameDirectoryIsRefusedWhileTheFirstLives() throws Exception {
        Process first = new ProcessBuilder("sleep", "30").start();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("lock"), first.pid() + "\n");
            Files.writeString(dir.resolve("env"), "export ORIGIN=http://127.0.0.1:4000\n");
            CliRun r = CliRun.of("up", "--name", name, "--origin-port", String.valueOf(Ports.free()),
                    "--edge-base-port", String.valueOf(Ports.free()), "--for", "PT1S");
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("another edgesync up (pid " + first.pid() + ")"), r.err());
            assertTrue(r.err().contains("--name"), r.err());
            assertEquals("export ORIGIN=http://127.0.0.1:4000\n", Files.readString(dir.resolve("env")),
                    "the running instance's env file was touched");
            assertEquals(String.valueOf(first.pid()), Files.readString(dir.resolve("lock")).trim());
        } finally {
            first.destroy();
        }
    }
}
