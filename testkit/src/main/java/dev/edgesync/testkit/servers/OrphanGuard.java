package dev.edgesync.testkit.servers;

import java.util.Arrays;

/**
 * Entry point of the lab's child JVMs (the Kafka broker, origin and edges): runs the given main
 * class and halts the JVM when its standard input closes, which happens when the lab's JVM dies,
 * even by SIGKILL, so that no server outlives the run that started it.
 *
 * <p>Usage: {@code java -cp ... dev.edgesync.testkit.servers.OrphanGuard <main class> [args...]}
 */
public final class OrphanGuard {
    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: OrphanGuard <main class> [args...]");
        }
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // keep reading until the parent goes away
                }
            } catch (java.io.IOException ignored) {
                // parent gone
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
