package dev.edgesync.testkit.topology;

import java.util.List;
import java.util.Map;

/**
 * JVM options of the service processes (origin, edges) the lab starts. The production set is the one the Helm chart
 * gives the containers ({@code JAVA_OPTS_APPEND}) and the benchmark gives the edge; keep the three in step. Production
 * edges also warm their JIT before ready, as the chart's do ({@link #edgeEnv()}).
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
    /**
     * Requests a production edge sends through its own read path before it reports ready (the JIT warm-up; the
     * chart's {@code edge.jitWarmupRequests}). Fast-start edges warm nothing and are ready at once.
     */
    public static final int PRODUCTION_JIT_WARMUP_REQUESTS = 20_000;
    /** System property that selects the set for the services this JVM starts: {@code production} or unset. */
    public static final String PROPERTY = "edgesync.services.jvm";

    private ServiceJvm() {
    }

    /** The options for the services this JVM starts now. */
    public static List<String> current() {
        return production() ? PRODUCTION : FAST_START;
    }

    /** The environment every edge this JVM starts now gets besides its own: the chart's JIT warm-up in production. */
    public static Map<String, String> edgeEnv() {
        return production() ? Map.of("EDGESYNC_JIT_WARMUP_REQUESTS", String.valueOf(PRODUCTION_JIT_WARMUP_REQUESTS))
                : Map.of();
    }

    /** True when the edges this JVM starts now warm their JIT before they are ready ({@link #edgeEnv()}). */
    public static boolean edgesWarmUp() {
        return production();
    }

    private static boolean production() {
        return "production".equals(System.getProperty(PROPERTY));
    }
}
