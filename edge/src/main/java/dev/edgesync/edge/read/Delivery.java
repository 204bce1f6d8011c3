package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
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
        Delivered d = decide(reply, request.cacheable(), request.head(), request.lowerTier(), request.ifNoneMatch(),
                request.header("if-modified-since"), region, now, exposeSurrogateKey);
        Response.ResponseBuilder builder = Response.status(d.status());
        List<String> headers = d.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        if (d.body()) {
            builder.entity(reply.body());
        }
        return builder.build();
    }

    /**
     * What goes to the client, decided without I/O (shared by the JAX-RS response and the event-loop hit path).
     *
     * @param headers names and values, alternating, in sending order
     * @param body whether the reply's body is sent
     */
    public record Delivered(int status, List<String> headers, boolean body) {
    }

    /**
     * @param cacheable GET or HEAD
     * @param lowerTier the request comes from a lower-tier edge ({@code X-EdgeSync-Tier})
     */
    public static Delivered decide(Reply reply, boolean cacheable, boolean head, boolean lowerTier,
            String ifNoneMatch, String ifModifiedSince, String region, long now, boolean exposeSurrogateKey) {
        boolean notModified = reply.status() == 200 && cacheable && ClientConditional.notModified(
                ifNoneMatch, ifModifiedSince, reply.header("etag"), reply.header("last-modified"),
                reply.header("date"));
        boolean unvalidated = reply.entry() != null && (reply.result() == Result.HIT || reply.result() == Result.STALE);
        List<String> noCacheFields = unvalidated ? reply.entry().directives().noCacheFields() : List.of();
        List<String> out = new ArrayList<>(2 * reply.headers().size() + 10);
        // a lower-tier edge (X-EdgeSync-Tier) is part of this CDN: it gets the tags and the fields targeted at CDNs
        boolean tier = lowerTier;
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
                out.add(name);
                out.add(value);
            }
        }
        if (reply.header("date") == null) {
            out.add("Date");
            out.add(HttpDate.format(now));
        }
        out.add("X-Cache");
        out.add(reply.result().name());
        out.add("X-Edge-Region");
        out.add(region);
        out.add("Age");
        out.add(reply.entry() != null ? Long.toString(reply.entry().ageSeconds(now)) : upstreamAge(reply));
        if (reply.entry() != null && reply.entry().version() > 0) {
            out.add("X-Content-Version");
            out.add(Long.toString(reply.entry().version()));
        }
        return new Delivered(notModified ? 304 : reply.status(), out,
                !notModified && !head && reply.body().length > 0);
    }

    /** A passed-through response keeps the upstream's {@code Age}. */
    private static String upstreamAge(Reply reply) {
        String age = reply.header("age");
        return age == null ? "0" : age.split(",")[0].trim();
    }
}
