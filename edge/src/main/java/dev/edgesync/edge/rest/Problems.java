package dev.edgesync.edge.rest;

import dev.edgesync.events.problem.Problem;
import dev.edgesync.events.problem.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The edge's JAX-RS answers for the shared RFC 9457 {@link Problem} (events module). */
public final class Problems {
    public static final String MEDIA_TYPE = Problem.MEDIA_TYPE;

    private Problems() {
    }

    public static Response.ResponseBuilder response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem.json());
    }

    /** {@code slug} completes the stable type URI; the title is the status's standard one. */
    public static Response.ResponseBuilder response(int status, String slug, String detail) {
        return response(Problem.of(status, slug, detail));
    }

    /** A {@link ProblemException} thrown from a resource or filter. */
    @Provider
    public static class Mapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return response(e.problem()).build();
        }
    }
}
