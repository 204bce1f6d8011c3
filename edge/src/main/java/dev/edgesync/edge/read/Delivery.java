package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.ByteRanges;
import dev.edgesync.edge.cache.HttpDate;
import dev.edgesync.edge.cache.ResponseDirectives;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The deliver stage ({@code vcl_deliver}): the client response from a {@link Reply}. Adds {@code X-Cache},
 * {@code X-Edge-Region}, {@code Age} and {@code Date} when missing; answers 304 when the client's conditionals
 * match; removes the fields targeted at this edge ({@code Surrogate-Control}, a valid {@code CDN-Cache-Control},
 * {@code Surrogate-Key} unless exposed) and, when serving without validation, the fields of a qualified
 * {@code no-cache="…"}; drops the body of HEAD responses; answers a {@code Range} from the complete response
 * ({@link ByteRanges}).
 */
public final class Delivery {
    private static final Set<String> EDGE_ONLY = Set.of("surrogate-control", "cdn-cache-control", "x-cache",
            "x-edge-region", "age", "content-length");
    /** Not sent with a 304 (they describe a body it does not have). */
    private static final Set<String> NOT_WITH_304 = Set.of("content-type", "content-encoding", "content-range",
            "content-language", "content-disposition");

    /** This edge in {@code Via} (RFC 9110 §7.6.3), on forwarded requests and on every response. */
    public static final String VIA = "1.1 edgesync";

    private Delivery() {
    }

    public static Response deliver(ClientRequest request, Reply reply, String region, long now) {
        return deliver(request, reply, region, now, false);
    }

    public static Response deliver(ClientRequest request, Reply reply, String region, long now,
            boolean exposeSurrogateKey) {
        Delivered d = delivered(request, reply, region, now, exposeSurrogateKey);
        Response.ResponseBuilder builder = Response.status(d.status());
        List<String> headers = d.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            builder.header(headers.get(i), headers.get(i + 1));
        }
        if (d.body()) {
            builder.entity(d.content() != null ? d.content() : reply.body());
        }
        return builder.build();
    }

    /**
     * The deliver step for {@code request}: {@link #decide} on the client's conditionals, then a {@code Range} answered
     * from a complete 200 ({@link #ranged}). Written as JAX-RS by {@link #deliver}, on the Vert.x route by {@code ReadRoute}.
     */
    public static Delivered delivered(ClientRequest request, Reply reply, String region, long now,
            boolean exposeSurrogateKey) {
        Delivered d = decide(reply, request.cacheable(), request.head(), request.lowerTier(), request.ifNoneMatch(),
                request.header("if-modified-since"), region, now, exposeSurrogateKey);
        if (d.status() == 200 && request.cacheable() && !request.head() && d.body()) {
            d = ranged(d, reply.body(), request.header("range"), request.header("if-range"), reply.header("etag"),
                    reply.header("last-modified"), reply.header("date"));
        }
        return d;
    }

    /**
     * A complete 200 answered to a {@code Range} request ({@link ByteRanges}): one part with {@code Content-Range},
     * several as {@code multipart/byteranges}, or {@code 416}; {@code d} itself when the range is ignored.
     */
    static Delivered ranged(Delivered d, byte[] body, String range, String ifRange, String etag, String lastModified,
            String date) {
        ByteRanges.Answer answer = ByteRanges.decide(range, ifRange, etag, lastModified, date, body.length);
        if (answer instanceof ByteRanges.Whole) {
            return d;
        }
        List<String> headers = new ArrayList<>(d.headers().size() + 4);
        String contentType = null;
        for (int i = 0; i < d.headers().size(); i += 2) {
            String name = d.headers().get(i);
            if (name.equalsIgnoreCase("content-type")) {
                contentType = d.headers().get(i + 1);
                continue;
            }
            headers.add(name);
            headers.add(d.headers().get(i + 1));
        }
        if (answer instanceof ByteRanges.Unsatisfiable u) {
            headers.add("Content-Range");
            headers.add("bytes */" + u.length());
            headers.add("Content-Type");
            headers.add("application/problem+json");
            String problem = new JsonObject().put("type", "https://edgesync.dev/problems/range-not-satisfiable")
                    .put("title", "Range Not Satisfiable").put("status", 416)
                    .put("detail", "no range of the request is within the " + u.length() + " bytes of the representation")
                    .encode();
            return new Delivered(416, headers, true, problem.getBytes(StandardCharsets.UTF_8));
        }
        ByteRanges.Partial partial = (ByteRanges.Partial) answer;
        if (partial.spans().size() == 1) {
            ByteRanges.Span span = partial.spans().get(0);
            headers.add("Content-Range");
            headers.add(span.contentRange(partial.length()));
            if (contentType != null) {
                headers.add("Content-Type");
                headers.add(contentType);
            }
            return new Delivered(206, headers, true,
                    Arrays.copyOfRange(body, (int) span.first(), (int) span.last() + 1));
        }
        String boundary = UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteRanges.Span span : partial.spans()) {
            String head = "--" + boundary + "\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Range: " + span.contentRange(partial.length()) + "\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, (int) span.first(), (int) span.size());
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        headers.add("Content-Type");
        headers.add("multipart/byteranges; boundary=" + boundary);
        return new Delivered(206, headers, true, out.toByteArray());
    }

    /**
     * What goes to the client, decided without I/O (shared by the JAX-RS response and the event-loop hit path).
     *
     * @param headers names and values, alternating, in sending order
     * @param body whether a body is sent
     * @param content the body when it is not the reply's own (a byte range), else null
     */
    public record Delivered(int status, List<String> headers, boolean body, byte[] content) {
        public Delivered(int status, List<String> headers, boolean body) {
            this(status, headers, body, null);
        }
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
        return answer(reply, notModified, head, lowerTier, region, now, exposeSurrogateKey);
    }

    /**
     * {@link #decide} once the client's conditionals are judged: {@code notModified} answers 304. The event-loop hit
     * path builds its answers of an L1 copy from this, once per copy.
     */
    public static Delivered answer(Reply reply, boolean notModified, boolean head, boolean lowerTier, String region,
            long now, boolean exposeSurrogateKey) {
        boolean unvalidated = reply.entry() != null && (reply.result() == Result.HIT || reply.result() == Result.STALE);
        List<String> noCacheFields = unvalidated ? reply.entry().directives().noCacheFields() : List.of();
        List<String> out = new ArrayList<>(2 * reply.headers().size() + 10);
        // a lower-tier edge (X-EdgeSync-Tier) is part of this CDN: it gets the tags and the fields targeted at CDNs
        boolean tier = lowerTier;
        for (Map.Entry<String, List<String>> header : reply.headers().entrySet()) {
            String name = header.getKey();
            boolean versionFromEntry = reply.entry() != null && name.equals("x-content-version");
            boolean targeted = name.equals("surrogate-control") || name.equals("cdn-cache-control");
            // RFC 9213: a CDN-Cache-Control this edge ignored (invalid) was not consumed: it reaches the client as is
            boolean ignoredCdn = name.equals("cdn-cache-control")
                    && !ResponseDirectives.consumesCdnCacheControl(String.join(", ", header.getValue()));
            if (versionFromEntry || (EDGE_ONLY.contains(name) && !(tier && targeted) && !ignoredCdn)
                    || noCacheFields.contains(name)
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
            out.add(date(now));
        }
        out.add("Via");
        out.add(VIA);
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

    /** The {@code Date} of the second {@code now} falls in, formatted once per second. */
    public static String date(long now) {
        long second = Math.floorDiv(now, 1000L);
        FormattedDate last = lastDate;
        if (last.second() != second) {
            last = new FormattedDate(second, HttpDate.format(second * 1000L));
            lastDate = last;
        }
        return last.text();
    }

    private record FormattedDate(long second, String text) {
    }

    private static volatile FormattedDate lastDate = new FormattedDate(Long.MIN_VALUE, "");

    /** A passed-through response keeps the upstream's {@code Age}. */
    private static String upstreamAge(Reply reply) {
        String age = reply.header("age");
        return age == null ? "0" : age.split(",")[0].trim();
    }
}
