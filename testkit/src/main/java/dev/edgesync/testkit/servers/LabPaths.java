package dev.edgesync.testkit.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's build puts what the test kit runs: the repository root (system property
 * {@code edgesync.root}, else the nearest parent directory of the working directory holding
 * {@code testkit/pom.xml}), the Kafka broker's jars and the services' runnable jars.
 */
public final class LabPaths {
    private LabPaths() {
    }

    public static Path root() {
        String configured = System.getProperty("edgesync.root", System.getenv("EDGESYNC_ROOT"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("testkit").resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the EdgeSync repository root from " + dir
                + "; set -Dedgesync.root or EDGESYNC_ROOT");
    }

    public static Path kafkaLib() {
        Path lib = root().resolve("testkit/target/kafka-lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: build the test kit first (./mvnw -pl testkit package -DskipTests)");
        }
        return lib;
    }

    /** The runnable jar of a Quarkus service module ({@code origin} or {@code edge}). */
    public static Path serviceJar(String module) {
        Path jar = root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw install -DskipTests)");
        }
        return jar;
    }

    /** The test kit's own classes (a directory or jar), for child JVMs that start through {@link OrphanGuard}. */
    public static Path labClasses() {
        try {
            return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scratch space of one run: server data and logs. */
    public static Path runDir(String name) {
        return root().resolve(".edgesync").resolve(name);
    }
}
