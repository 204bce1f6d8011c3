package dev.edgesync.origin.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

/**
 * Checks {@code Authorization: Bearer <token>} against one configured token and answers 401 problem+json with a
 * challenge otherwise. Digests are compared with {@link MessageDigest#isEqual}, so the time taken says nothing
 * about the token, its length included.
 */
final class BearerTokenCheck {
    private static final String BEARER = "Bearer ";

    private final Supplier<String> token;
    private final String realm;
    private volatile byte[] expected;

    /** {@code token} is read on first use: JAX-RS providers are built before runtime configuration is available. */
    BearerTokenCheck(Supplier<String> token, String realm) {
        this.token = token;
        this.realm = realm;
    }

    void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
        byte[] presented = digest(bearer ? header.substring(BEARER.length()).trim() : "");
        if (expected == null) {
            expected = digest(token.get());
        }
        if (!bearer | !MessageDigest.isEqual(presented, expected)) {
            request.abortWith(Problems.response(401, "unauthorized",
                    bearer ? "the bearer token is not valid" : "a bearer token is required",
                    request.getUriInfo().getRequestUri().getRawPath())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"")
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
