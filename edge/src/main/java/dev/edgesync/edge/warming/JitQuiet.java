package dev.edgesync.edge.warming;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the JIT has settled: the share of the last sampling period that its compiler threads spent compiling
 * ({@link CompilationMXBean#getTotalCompilationTime}) is below {@link #QUIET}. Without that figure (a JVM that does
 * not report it) it counts as quiet, and the warm-up stops at its request count.
 */
final class JitQuiet {
    static final long PERIOD_MS = 1000;
    /** Compiling less than this share of the time counts as settled. */
    static final double QUIET = 0.05;

    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private long lastNanos = -1;
    private long lastCompileMs;
    private volatile double busy = 1;

    /** Takes one sample at {@code nowNanos}: the compilers' busy share since the last one. */
    void sample(long nowNanos) {
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            busy = 0;
            return;
        }
        long compileMs = jit.getTotalCompilationTime();
        if (lastNanos >= 0) {
            busy = share(compileMs - lastCompileMs, (nowNanos - lastNanos) / 1_000_000);
        }
        lastNanos = nowNanos;
        lastCompileMs = compileMs;
    }

    /** Compiling ms over elapsed ms, 0 to 1 (several compiler threads can exceed the elapsed time: capped). */
    static double share(long compilingMs, long elapsedMs) {
        return elapsedMs <= 0 ? 1 : Math.min(1, Math.max(0, compilingMs / (double) elapsedMs));
    }

    double busyShare() {
        return busy;
    }

    boolean quiet() {
        return busy < QUIET;
    }
}
