package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compression as CDNs do it, as plain decisions (the byte work is {@link Compressor}'s). The edge compresses a
 * compressible response it stores (text, JSON, JavaScript, XML, SVG…, at least {@value #MIN_BYTES} bytes, no
 * {@code Content-Encoding} of its own, no {@code no-transform}) in the coding the request prefers among {@code br} and
 * {@code gzip} ({@link #negotiate}, RFC 9110 §12.5.3), and stores one variant per coding: such a response gets
 * {@code Vary: Accept-Encoding}, and a request's {@code Accept-Encoding} counts, for {@link VaryKey} and for the fill
 * sent to the origin, as the coding it selects ({@link #negotiate}), so {@code gzip, deflate, br} and {@code br} share
 * the {@code br} copy. What the origin encoded itself is passed through and never compressed twice. A variant the edge
 * encoded has its own {@code ETag} ({@link #etag}: {@code "v"} becomes {@code "v-gzip"}), while the stored entry keeps
 * the origin's for revalidation.
 */
public final class ContentCoding {
    public static final String GZIP = "gzip";
    public static final String BR = "br";
    public static final String IDENTITY = "identity";
    /** Smaller bodies are left alone: the coding's overhead eats the saving. */
    public static final int MIN_BYTES = 256;

    /** Statuses whose body is the resource's representation (or a page about it) and worth compressing. */
    private static final Set<Integer> STATUSES = Set.of(200, 203, 404, 410);
    private static final Set<String> TYPES = Set.of("application/json", "application/javascript",
            "application/ecmascript", "application/x-javascript", "application/xml", "application/xhtml+xml",
            "application/rss+xml", "application/atom+xml", "application/manifest+json", "application/wasm",
            "image/svg+xml", "image/x-icon", "font/ttf", "font/otf", "application/vnd.ms-fontobject");

    private ContentCoding() {
    }

    /**
     * What the edge does with a response it stores for a request.
     *
     * @param varies the response is compressible: it varies on {@code Accept-Encoding} (one stored copy per coding)
     * @param coding the coding to apply to this copy, or null to keep the body as received
     */
    public record Plan(boolean varies, String coding) {
        public static final Plan AS_IS = new Plan(false, null);
    }

    /**
     * @param acceptEncoding the request's {@code Accept-Encoding} (null when absent)
     * @param header the response's fields by lower-case name (values joined), null when absent
     * @param available the codings this edge can produce ({@link Compressor#available()})
     */
    public static Plan plan(String acceptEncoding, int status, Function<String, String> header, int length,
            Set<String> available) {
        if (!compressible(status, header, length)) {
            return Plan.AS_IS;
        }
        String coding = negotiate(acceptEncoding, available);
        return new Plan(true, coding.equals(IDENTITY) ? null : coding);
    }

    /** May the edge compress this response (for clients that accept it)? */
    public static boolean compressible(int status, Function<String, String> header, int length) {
        if (!STATUSES.contains(status) || length < MIN_BYTES || header.apply("content-range") != null) {
            return false;
        }
        String encoding = header.apply("content-encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase(IDENTITY)) {
            return false; // the origin encoded it: passed through, never compressed twice
        }
        if (listHas(header.apply("cache-control"), "no-transform")) {
            return false; // RFC 9110 §7.7
        }
        String type = header.apply("content-type");
        if (type == null) {
            return false;
        }
        String t = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || TYPES.contains(t) || t.endsWith("+json") || t.endsWith("+xml");
    }

    /**
     * The coding a request's {@code Accept-Encoding} selects among {@code available}: the highest {@code q}
     * ({@code *} stands for any coding not named; {@code x-gzip} is {@code gzip}), {@code br} before {@code gzip} at
     * equal weight; {@link #IDENTITY} when the field is absent or none is acceptable.
     */
    public static String negotiate(String acceptEncoding, Set<String> available) {
        if (acceptEncoding == null) {
            return IDENTITY;
        }
        Map<String, Double> q = weights(acceptEncoding);
        String best = IDENTITY;
        double bestQ = 0;
        for (String coding : List.of(BR, GZIP)) {
            if (!available.contains(coding)) {
                continue;
            }
            double w = q.getOrDefault(coding, q.getOrDefault("*", 0.0));
            if (w > bestQ) {
                best = coding;
                bestQ = w;
            }
        }
        return best;
    }

    /** The validator of a copy the edge encoded: {@code "v"} becomes {@code "v-gzip"}, {@code W/"v"} {@code W/"v-gzip"}. */
    public static String etag(String etag, String coding) {
        if (etag == null || etag.isBlank() || coding == null) {
            return etag;
        }
        String e = etag.trim();
        int close = e.lastIndexOf('"');
        if (close <= 0 || e.indexOf('"') == close) {
            return e; // not an entity-tag: left as it is
        }
        return e.substring(0, close) + "-" + coding + e.substring(close);
    }

    /** {@code vary} with {@code Accept-Encoding} added when missing. */
    public static String withAcceptEncoding(String vary) {
        if (vary == null || vary.isBlank()) {
            return "Accept-Encoding";
        }
        return VaryKey.names(vary).contains("accept-encoding") ? vary : vary + ", Accept-Encoding";
    }

    /**
     * The origin's response fields as sent with the copy the edge encoded: its {@code Content-Encoding}, {@code ETag}
     * and {@code Vary} from {@code stored}; the rest (e.g. {@code Set-Cookie} for the client that filled) as received.
     */
    public static Map<String, List<String>> asStored(Map<String, List<String>> origin, Map<String, String> stored) {
        Map<String, List<String>> out = new LinkedHashMap<>(origin);
        for (String name : List.of("content-encoding", "etag", "vary")) {
            String value = stored.get(name);
            if (value != null) {
                out.put(name, List.of(value));
            }
        }
        return out;
    }

    /**
     * The stored copy's body or fields differ from the origin's response because of this class: it varies on
     * {@code Accept-Encoding} by the edge's decision, or the edge encoded it (its {@code Content-Encoding} is not the
     * origin's).
     */
    public static boolean reshaped(String originContentEncoding, String originVary, Map<String, String> stored) {
        String coding = stored.get("content-encoding");
        boolean encodedHere = coding != null && (originContentEncoding == null || !coding.equals(originContentEncoding));
        return encodedHere || (stored.get("vary") != null && !stored.get("vary").equals(originVary));
    }

    private static Map<String, Double> weights(String acceptEncoding) {
        Map<String, Double> q = new LinkedHashMap<>();
        for (String member : acceptEncoding.split(",")) {
            String[] parts = member.split(";");
            String coding = parts[0].trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                continue;
            }
            if (coding.equals("x-gzip")) {
                coding = GZIP;
            }
            double w = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        w = Double.parseDouble(p.substring(2).trim());
                    } catch (NumberFormatException e) {
                        w = 0;
                    }
                }
            }
            q.merge(coding, w, Math::max);
        }
        return q;
    }

    private static boolean listHas(String list, String member) {
        if (list == null) {
            return false;
        }
        List<String> members = new ArrayList<>();
        for (String part : list.split(",")) {
            members.add(part.trim().toLowerCase(Locale.ROOT));
        }
        return members.contains(member);
    }
}
