package dev.edgesync.origin.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.edgesync.events.problem.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into {@code application/problem+json}. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return Problems.response(e.problem().at(path(uri))).build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String slug = switch (status) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String detail = status == 400 && e.getMessage() != null && e.getMessage().startsWith("HTTP 400")
                ? "the request body could not be read: malformed JSON, a field of the wrong type, or too large"
                : e.getMessage();
        Response.ResponseBuilder response = Problems.response(status, slug, detail, path(uri));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Allow") || name.equalsIgnoreCase("WWW-Authenticate")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class,
            MismatchedInputException.class })
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return Problems.response(400, "malformed-json", e.getOriginalMessage(), path(uri)).build();
    }

    /** A unique constraint lost to a concurrent write (the slug check passed, the insert did not). */
    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, UriInfo uri) {
        return Problems.response(409, "conflict",
                "the change conflicts with existing content (" + e.getConstraintName() + ")", path(uri)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (dev.edgesync.origin.persistence.DatabaseOutage.is(e)) {
            // nothing was acknowledged: the transaction did not commit, the client may send it again
            LOG.warnf("request failed, PostgreSQL unavailable: %s", e.getMessage());
            return Problems.response(503, "database-unavailable",
                    "the database cannot be reached; nothing was stored, retry later", path(uri))
                    .header("Retry-After", "2").build();
        }
        LOG.error("request failed", e);
        return Problems.response(500, "internal-error",
                "the origin could not complete the request", path(uri)).build();
    }

    private static String path(UriInfo uri) {
        return uri.getRequestUri().getRawPath();
    }
}
