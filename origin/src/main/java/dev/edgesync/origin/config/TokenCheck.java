package dev.edgesync.origin.config;

import dev.edgesync.events.auth.TokenPolicy;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/** Refuses to start (outside dev and test) with a token {@link TokenPolicy} rejects. */
@ApplicationScoped
class TokenCheck {

    void onStart(@Observes StartupEvent event, OriginConfig config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> problems = new ArrayList<>();
        TokenPolicy.weakness(config.purge().token())
                .ifPresent(why -> problems.add("EDGESYNC_PURGE_TOKEN (edgesync.purge.token) is refused: " + why));
        TokenPolicy.weakness(config.write().token())
                .ifPresent(why -> problems.add("EDGESYNC_WRITE_TOKEN (edgesync.write.token) is refused: " + why));
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems) + ". Set each to a random value of at least "
                    + TokenPolicy.MIN_LENGTH + " characters, e.g. $(openssl rand -hex 20).");
        }
    }
}
