package dev.edgesync.origin.rest;

import dev.edgesync.events.problem.Problem;
import jakarta.ws.rs.core.Response;

/** The origin's JAX-RS answers for the shared RFC 9457 {@link Problem} (events module). */
public final class Problems {
    public static final String MEDIA_TYPE = Problem.MEDIA_TYPE;

    private Problems() {
    }

    public static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem.json());
    }

    /** {@code slug} completes the stable type URI, {@code instance} is the request path. */
    public static Response.ResponseBuilder response(int status, String slug, String detail, String instance) {
        return response(Problem.of(status, slug, detail).at(instance));
    }
}
