package dev.edgesync.edge.warming;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}'s check {@code jit-warmup}: down while the {@link JitWarmup} has requests to send. */
@Readiness
@ApplicationScoped
public class JitWarmupReadiness implements HealthCheck {
    static final String CHECK = "jit-warmup";

    private final JitWarmup warmup;

    public JitWarmupReadiness(JitWarmup warmup) {
        this.warmup = warmup;
    }

    @Override
    public HealthCheckResponse call() {
        return of(warmup);
    }

    static HealthCheckResponse of(JitWarmup warmup) {
        return HealthCheckResponse.named(CHECK).status(warmup.state() != JitWarmup.State.RUNNING)
                .withData("state", warmup.state().name()).withData("answered", warmup.answered())
                .withData("requests", warmup.requests()).build();
    }
}
