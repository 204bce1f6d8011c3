package dev.edgesync.edge.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A client error raised from a resource, answered as a problem. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;

    public ProblemException(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    @Provider
    public static class Mapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return Problems.response(e.status, e.slug, e.title, e.getMessage()).build();
        }
    }
}
