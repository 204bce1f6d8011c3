package dev.edgesync.edge.config;

import dev.edgesync.events.auth.TokenPolicy;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start (outside dev and test) with an admin token {@link TokenPolicy} rejects, by the same rule as the
 * origin's purge and write tokens.
 */
@ApplicationScoped
class AdminTokenCheck {

    void onStart(@Observes StartupEvent event, EdgeConfig config) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            check(config.admin().token());
        }
    }

    static void check(String token) {
        TokenPolicy.weakness(token).ifPresent(why -> {
            throw new IllegalStateException("EDGESYNC_ADMIN_TOKEN (edgesync.admin.token) is refused: " + why
                    + ". Set it to a random value of at least " + TokenPolicy.MIN_LENGTH
                    + " characters, e.g. $(openssl rand -hex 20).");
        });
    }
}
