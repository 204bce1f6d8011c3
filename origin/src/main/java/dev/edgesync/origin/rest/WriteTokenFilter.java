package dev.edgesync.origin.rest;

import dev.edgesync.origin.config.OriginConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Checks the content write bearer token ({@code edgesync.write.token}) on {@link WriteTokenRequired} endpoints. */
@Provider
@WriteTokenRequired
@Priority(Priorities.AUTHENTICATION)
public class WriteTokenFilter implements ContainerRequestFilter {
    private final BearerTokenCheck check;

    public WriteTokenFilter(Instance<OriginConfig> config) {
        this.check = new BearerTokenCheck(() -> config.get().write().token(), "edgesync-write");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        check.filter(request);
    }
}
