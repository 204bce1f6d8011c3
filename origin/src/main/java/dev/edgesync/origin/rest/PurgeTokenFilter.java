package dev.edgesync.origin.rest;

import dev.edgesync.origin.config.OriginConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks the purge bearer token. Digests are compared with {@link MessageDigest#isEqual}, so the
 * time taken says nothing about the token, its length included.
 */
@Provider
@PurgeTokenRequired
@Priority(Priorities.AUTHENTICATION)
public class PurgeTokenFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    // Resolved on first use: JAX-RS providers are built before runtime configuration is available.
    private final Instance<OriginConfig> config;
    private volatile byte[] expected;

    public PurgeTokenFilter(Instance<OriginConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        byte[] presented = digest(bearer ? header.substring(BEARER.length()).trim() : "");
        if (expected == null) {
            expected = digest(config.get().purge().token());
        }
        if (!bearer | !MessageDigest.isEqual(presented, expected)) {
            request.abortWith(Problems.response(401, "unauthorized", "Unauthorized",
                    bearer ? "the bearer token is not valid" : "a bearer token is required",
                    request.getUriInfo().getRequestUri().getRawPath())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"edgesync-purge\"")
                    .build());
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
