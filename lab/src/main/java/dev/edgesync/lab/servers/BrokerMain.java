package dev.edgesync.lab.servers;

/**
 * Entry point of the Kafka broker's child JVM: runs {@code kafka.Kafka} and exits when its standard
 * input closes, which happens when the lab's JVM dies, even by SIGKILL, so no broker outlives it.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
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
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
