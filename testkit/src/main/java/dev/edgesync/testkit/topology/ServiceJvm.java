package dev.edgesync.testkit.topology;

import java.util.List;

/**
 * JVM options of the service processes (origin, edges) the lab starts. The production set is the one the Helm chart
 * gives the containers ({@code JAVA_OPTS_APPEND}) and the benchmark gives the edge; keep the three in step.
 */
public final class ServiceJvm {
    /**
     * Full tiered compilation (C2), a fixed heap touched at start (no resizing or page faults under load), and the
     * throughput collector: on 2 cores it gave the edge as many hits per second as G1 or a few per cent more
     * ({@code bench/run.sh --caches edge --measures hit --edge-jvm "..."}).
     */
    public static final List<String> PRODUCTION = List.of("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC",
            "-XX:+AlwaysPreTouch");
    /** Tests and {@code edgesync up} without {@code --production}: C1 only, starts faster, small heap. */
    public static final List<String> FAST_START = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    /** System property that selects the set for the services this JVM starts: {@code production} or unset. */
    public static final String PROPERTY = "edgesync.services.jvm";

    private ServiceJvm() {
    }

    /** The options for the services this JVM starts now. */
    public static List<String> current() {
        return "production".equals(System.getProperty(PROPERTY)) ? PRODUCTION : FAST_START;
    }
}
