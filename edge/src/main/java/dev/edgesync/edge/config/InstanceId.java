package dev.edgesync.edge.config;

import java.net.InetAddress;

/** This process, as named in acknowledgements and locks: {@code hostname/pid}. */
public final class InstanceId {
    private static final String ID = compute();

    private InstanceId() {
    }

    public static String get() {
        return ID;
    }

    private static String compute() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
