package dev.edgesync.edge.read;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The deliver stage ({@code vcl_deliver}): the client response from a {@link Reply}. Adds {@code X-Cache},
 * {@code X-Edge-Region} and {@code Age}; answers 304 when the client's {@code If-None-Match} matches; drops the
 * body of HEAD responses.
 */
public final class Delivery {

    private Delivery() {
    }

    public static Response deliver(ClientRequest request, Reply reply, String region, long now) {
        boolean notModified = reply.status() == 200 && EtagMatch.matches(request.ifNoneMatch(),
                reply.headers().get("etag"));
        Response.ResponseBuilder builder = Response.status(notModified ? 304 : reply.status());
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            boolean versionFromEntry = reply.entry() != null && header.getKey().equals("x-content-version");
            if (!versionFromEntry && !(notModified && header.getKey().equals("content-type"))) {
                builder.header(header.getKey(), header.getValue());
            }
        }
        builder.header("X-Cache", reply.result().name());
        builder.header("X-Edge-Region", region);
        builder.header("Age", reply.entry() == null ? 0 : reply.entry().ageSeconds(now));
        if (reply.entry() != null && reply.entry().version() > 0) {
            builder.header("X-Content-Version", reply.entry().version());
        }
        if (!notModified && !request.head() && reply.body().length > 0) {
            builder.entity(reply.body());
        }
        return builder.build();
    }
}
