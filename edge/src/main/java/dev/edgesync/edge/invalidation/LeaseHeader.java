package dev.edgesync.edge.invalidation;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.InstantSource;

/**
 * {@code X-EdgeSync-Lease: held | expired} on every proxied response (none on {@code /q/*}, {@code /admin*},
 * {@code /metrics*}, and none when the edge has no lease): whether this replica trusted its copies for the request.
 */
@ApplicationScoped
public class LeaseHeader {
    public static final String NAME = "X-EdgeSync-Lease";

    void install(@Observes Router router, StalenessLease lease, InstantSource clock) {
        router.route().order(Integer.MIN_VALUE + 10).handler(rc -> {
            String path = rc.normalizedPath();
            if (!path.startsWith("/q/") && !path.startsWith("/admin") && !path.startsWith("/metrics")) {
                StalenessLease.State state = lease.state(clock.millis());
                if (state != StalenessLease.State.NONE) {
                    rc.response().putHeader(NAME, state.label());
                }
            }
            rc.next();
        });
    }
}
