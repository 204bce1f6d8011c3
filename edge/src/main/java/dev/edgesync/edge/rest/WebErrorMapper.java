package dev.edgesync.edge.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS errors (unknown path, bad JSON, wrong media type) as problems instead of bare statuses. */
@Provider
public class WebErrorMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family != Response.Status.Family.CLIENT_ERROR) {
            return Problems.response(status, "server-error", "the edge failed").build();
        }
        String reason = Response.Status.fromStatusCode(status) == null ? "Client Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        // the slug (part of the stable type URI) is the JAX-RS reason phrase, as it always was
        String slug = reason.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Response.ResponseBuilder builder = Problems.response(status, slug, String.valueOf(e.getMessage()));
        if (original != null && original.getHeaderString("Allow") != null) {
            builder.header("Allow", original.getHeaderString("Allow"));
        }
        return builder.build();
    }
}
