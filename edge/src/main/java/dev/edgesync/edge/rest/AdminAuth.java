package dev.edgesync.edge.rest;

import dev.edgesync.edge.config.EdgeConfig;
import dev.edgesync.events.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks {@code Authorization: Bearer <edgesync.admin.token>} on admin endpoints: for {@code /admin/region} in a request
 * filter, which runs before the body is read, so that nobody without the token makes the edge parse anything.
 */
@ApplicationScoped
public class AdminAuth {
    /** The admin endpoints with a body; other {@code /admin/*} paths are the proxy's 404. */
    private static final java.util.Set<String> ADMIN_PATHS = java.util.Set.of("/admin/region", "/admin/region/");
    private final byte[] expected;

    public AdminAuth(EdgeConfig config) {
        this.expected = ("Bearer " + config.admin().credential()).getBytes(StandardCharsets.UTF_8);
    }

    public void require(String authorization) {
        if (!valid(authorization)) {
            throw new ProblemException(401, "unauthorized",
                    "admin endpoints need Authorization: Bearer <edgesync.admin.token>");
        }
    }

    private boolean valid(String authorization) {
        byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    @ServerRequestFilter
    public Response beforeTheBody(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (ADMIN_PATHS.contains(path) && !valid(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            return Problems.response(401, "unauthorized",
                    "admin endpoints need Authorization: Bearer <edgesync.admin.token>").build();
        }
        return null;
    }
}
