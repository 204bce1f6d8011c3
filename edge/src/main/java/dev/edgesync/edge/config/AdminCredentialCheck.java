package dev.edgesync.edge.config;

import dev.edgesync.events.auth.TokenPolicy;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start (outside dev and test) with an admin credential (the bearer value of {@code edgesync.admin.token})
 * {@link TokenPolicy} rejects, by the same rule as the origin's purge and write credentials.
 */
@ApplicationScoped
class AdminCredentialCheck {

    void onStart(@Observes StartupEvent event, EdgeConfig config) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            check(config.admin().credential());
        }
    }

    static void check(String credential) {
        TokenPolicy.weakness(credential).ifPresent(why -> {
            throw new IllegalStateException("EDGESYNC_ADMIN_TOKEN (edgesync.admin.token) is refused: " + why
                    + ". Set it to a random value of at least " + TokenPolicy.MIN_LENGTH
                    + " characters, e.g. $(openssl rand -hex 20).");
        });
    }
}
