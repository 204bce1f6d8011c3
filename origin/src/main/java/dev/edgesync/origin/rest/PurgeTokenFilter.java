package dev.edgesync.origin.rest;

import dev.edgesync.origin.config.OriginConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Checks the purge bearer token ({@code edgesync.purge.token}) on {@link PurgeTokenRequired} endpoints. */
@Provider
@PurgeTokenRequired
@Priority(Priorities.AUTHENTICATION)
public class PurgeTokenFilter implements ContainerRequestFilter {
    private final BearerTokenCheck check;

    public PurgeTokenFilter(Instance<OriginConfig> config) {
        this.check = new BearerTokenCheck(() -> config.get().purge().token(), "edgesync-purge");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        check.filter(request);
    }
}
