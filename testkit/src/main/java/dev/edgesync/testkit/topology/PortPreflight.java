package dev.edgesync.testkit.topology;

import dev.edgesync.testkit.servers.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The fixed ports a local topology is about to listen on, checked before anything starts: a port
 * another process holds would otherwise be answered by that process while ours fails to start.
 */
public final class PortPreflight {
    private PortPreflight() {
    }

    /** A fixed port one service will listen on, and the option that chooses another. */
    public record Claim(int port, String service, String option) {
    }

    /** The fixed (positive) ports of {@code up}: origin, one edge per region, Kafka and PostgreSQL when given. */
    public static List<Claim> claims(int originPort, int edgeBasePort, List<RegionSpec> regions, int kafkaPort,
            int postgresPort) {
        List<Claim> claims = new ArrayList<>();
        if (originPort > 0) {
            claims.add(new Claim(originPort, "origin", "--origin-port"));
        }
        if (edgeBasePort > 0) {
            for (int i = 0; i < regions.size(); i++) {
                claims.add(new Claim(edgeBasePort + i, "edge " + regions.get(i).name(), "--edge-base-port"));
            }
        }
        if (kafkaPort > 0) {
            claims.add(new Claim(kafkaPort, "Kafka", "--kafka-port"));
        }
        if (postgresPort > 0) {
            claims.add(new Claim(postgresPort, "PostgreSQL", "--postgres-port"));
        }
        return claims;
    }

    /** The first problem with {@code claims}, in words, or empty when every port is distinct and {@code free}. */
    public static Optional<String> problem(List<Claim> claims, IntPredicate free) {
        Map<Integer, Claim> seen = new HashMap<>();
        for (Claim claim : claims) {
            if (claim.port() > 65_535) {
                return Optional.of("port " + claim.port() + " (" + claim.service() + ") is not a TCP port; choose another with "
                        + claim.option());
            }
            Claim earlier = seen.putIfAbsent(claim.port(), claim);
            if (earlier != null) {
                return Optional.of("port " + claim.port() + " is given to both " + earlier.service() + " and "
                        + claim.service() + "; choose another with " + claim.option());
            }
        }
        for (Claim claim : claims) {
            if (!free.test(claim.port())) {
                return Optional.of("port " + claim.port() + " (" + claim.service() + ") is already in use on "
                        + Ports.LOOPBACK + " (another edgesync up, or another program); stop it or choose another port with "
                        + claim.option() + " PORT");
            }
        }
        return Optional.empty();
    }

    /** Nobody listens on {@code port} at the loopback address, and we could bind it ourselves. */
    public static boolean isFree(int port) {
        if (Ports.accepts(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
