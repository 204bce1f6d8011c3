package dev.edgesync.edge.config;

import dev.edgesync.edge.cache.SetCookieRules;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Installs {@code edgesync.cache.set-cookie} as the {@link SetCookieRules} the storage decisions use. */
@ApplicationScoped
public class SetCookieConfig {
    private final EdgeConfig config;

    public SetCookieConfig(EdgeConfig config) {
        this.config = config;
    }

    void install(@Observes StartupEvent ignored) {
        SetCookieRules.install(SetCookieRules.of(config.cache().setCookie()));
    }
}
