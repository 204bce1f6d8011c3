package dev.edgesync.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** Loopback ports: picking free ones and waiting for a server to answer. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";
    /** Servers get ports from here up to the ephemeral range: clear of ./edgesync up's fixed 4000 and 5001-5003. */
    private static final int LISTEN_LOW = 20_000;
    private static final Random RANDOM = new SecureRandom();

    private Ports() {
    }

    /**
     * A free loopback port for a server, picked at random below the kernel's ephemeral range. A port the kernel
     * hands out ({@code bind 0}) is also what it gives the next outgoing connection or another process's server,
     * so a server stopped for a fault (PostgreSQL, Redis, Kafka) could find its port taken when it starts again.
     */
    public static int free() {
        int high = Math.min(ephemeralLow(), 65_536) - 1;
        for (int attempt = 0; attempt < 200 && high > LISTEN_LOW; attempt++) {
            int port = LISTEN_LOW + RANDOM.nextInt(high - LISTEN_LOW + 1);
            if (bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), or the IANA default 49152 elsewhere. */
    private static int ephemeralLow() {
        try {
            // readAllLines: a /proc file reports size 0, and readString may then return only its first byte
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }

    /** The configured port when it is positive, else a free one. */
    public static int orFree(int configured) {
        return configured > 0 ? configured : free();
    }

    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code ready} until it holds, the process dies, or the timeout passes. */
    public static void await(String what, Duration timeout, ChildProcess process, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null) {
                process.checkAlive();
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException(what + " not ready within " + timeout.toSeconds() + " s"
                + (process == null ? "" : "; last log lines:\n" + process.tail(40)));
    }

    /** Thread.sleep that turns an interrupt into an unchecked exception (the thread stays interrupted). */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
