package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliver stage ({@code vcl_deliver}): the client response from a {@link Reply}. Adds {@code X-Cache},
 * {@code X-Edge-Region}, {@code Age} and {@code Date} when missing; answers 304 when the client's conditionals
 * match; removes the fields targeted at this edge ({@code Surrogate-Control}, {@code CDN-Cache-Control},
 * {@code Surrogate-Key} unless exposed) and, when serving without validation, the fields of a qualified
 * {@code no-cache="…"}; drops the body of HEAD responses.
 */
public final class Delivery {
    private static final Set<String> EDGE_ONLY = Set.of("surrogate-control", "cdn-cache-control", "x-cache",
            "x-edge-region", "age", "content-length");
    /** Not sent with a 304 (they describe a body it does not have). */
    private static final Set<String> NOT_WITH_304 = Set.of("content-type", "content-encoding", "content-range",
            "content-language", "content-disposition");

    private Delivery() {
    }

    public static Response deliver(ClientRequest request, Reply reply, String region, long now) {
        return deliver(request, reply, region, now, false);
    }

    public static Response deliver(ClientRequest request, Reply reply, String region, long now,
            boolean exposeSurrogateKey) {
        boolean notModified = reply.status() == 200 && request.cacheable() && ClientConditional.notModified(
                request.ifNoneMatch(), request.header("if-modified-since"), reply.header("etag"),
                reply.header("last-modified"), reply.header("date"));
        boolean unvalidated = reply.entry() != null && (reply.result() == Result.HIT || reply.result() == Result.STALE);
        List<String> noCacheFields = unvalidated ? reply.entry().directives().noCacheFields() : List.of();
        Response.ResponseBuilder builder = Response.status(notModified ? 304 : reply.status());
        // a lower-tier edge (X-EdgeSync-Tier) is part of this CDN: it gets the tags and the fields targeted at CDNs
        boolean tier = request.lowerTier();
        for (Map.Entry<String, List<String>> header : reply.headers().entrySet()) {
            String name = header.getKey();
            boolean versionFromEntry = reply.entry() != null && name.equals("x-content-version");
            boolean targeted = name.equals("surrogate-control") || name.equals("cdn-cache-control");
            if (versionFromEntry || (EDGE_ONLY.contains(name) && !(tier && targeted)) || noCacheFields.contains(name)
                    || (name.equals("surrogate-key") && !exposeSurrogateKey && !tier)
                    || (notModified && NOT_WITH_304.contains(name))) {
                continue;
            }
            for (String value : header.getValue()) {
                builder.header(name, value);
            }
        }
        if (reply.header("date") == null) {
            builder.header("Date", HttpDate.format(now));
        }
        builder.header("X-Cache", reply.result().name());
        builder.header("X-Edge-Region", region);
        builder.header("Age", reply.entry() != null ? reply.entry().ageSeconds(now) : upstreamAge(reply));
        if (reply.entry() != null && reply.entry().version() > 0) {
            builder.header("X-Content-Version", reply.entry().version());
        }
        if (!notModified && !request.head() && reply.body().length > 0) {
            builder.entity(reply.body());
        }
        return builder.build();
    }

    /** A passed-through response keeps the upstream's {@code Age}. */
    private static String upstreamAge(Reply reply) {
        String age = reply.header("age");
        return age == null ? "0" : age.split(",")[0].trim();
    }
}
