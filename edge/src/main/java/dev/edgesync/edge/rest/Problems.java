package dev.edgesync.edge.rest;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem responses with stable type URIs {@code https://edgesync.dev/problems/<slug>}. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static Response.ResponseBuilder response(int status, String slug, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://edgesync.dev/problems/" + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return Response.status(status).type(MEDIA_TYPE).entity(body);
    }
}
