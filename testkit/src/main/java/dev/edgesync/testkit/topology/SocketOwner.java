package dev.edgesync.testkit.topology;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a given process is the one listening on a TCP port, from Linux's {@code /proc}: the
 * socket inodes in {@code /proc/net/tcp} that listen on the port against the process's file
 * descriptors. Tells a service we started apart from another program answering on its port.
 */
public final class SocketOwner {
    private static final String LISTEN = "0A";

    private SocketOwner() {
    }

    /** Empty when {@code /proc} cannot tell (not Linux); false when the process no longer exists. */
    public static Optional<Boolean> listens(long pid, int port) {
        Path tcp = Path.of("/proc/net/tcp");
        Path fds = Path.of("/proc", String.valueOf(pid), "fd");
        if (!Files.isReadable(tcp)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(fds)) {
            return Optional.of(false); // the process is gone
        }
        try {
            Set<String> inodes = new HashSet<>(listeningInodes(Files.readAllLines(tcp), port));
            Path tcp6 = Path.of("/proc/net/tcp6");
            if (Files.isReadable(tcp6)) {
                inodes.addAll(listeningInodes(Files.readAllLines(tcp6), port));
            }
            if (inodes.isEmpty()) {
                return Optional.of(false);
            }
            try (DirectoryStream<Path> list = Files.newDirectoryStream(fds)) {
                for (Path fd : list) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                            return Optional.of(true);
                        }
                    } catch (IOException e) {
                        // closed while we looked
                    }
                }
            }
            return Optional.of(false);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The inodes of the sockets in a {@code /proc/net/tcp} table that listen on {@code port}. */
    static Set<String> listeningInodes(List<String> table, int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].endsWith(":" + hexPort) && LISTEN.equals(f[3])) {
                inodes.add(f[9]);
            }
        }
        return inodes;
    }
}
