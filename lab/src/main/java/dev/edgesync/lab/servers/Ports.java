package dev.edgesync.lab.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Loopback ports: picking free ones and waiting for a server to answer. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
