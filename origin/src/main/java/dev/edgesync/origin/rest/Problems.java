package dev.edgesync.origin.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details with stable type URIs under {@code https://edgesync.dev/problems/}. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://edgesync.dev/problems/";

    private Problems() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String type, String title, int status, String detail, String instance) {
    }

    public static Response.ResponseBuilder response(int status, String slug, String title, String detail,
            String instance) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + slug, title, status, detail, instance));
    }
}
