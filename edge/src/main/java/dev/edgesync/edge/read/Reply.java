package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the edge answers, before the deliver stage adds its own headers: either a stored entry, an origin response
 * passed through, or a problem.
 *
 * @param entry the entry served, null when the reply did not come from (or go to) the store
 * @param headers response headers (lower-case names), without hop-by-hop and {@code Surrogate-Key}
 */
public record Reply(int status, Map<String, String> headers, byte[] body, Result result, CacheEntry entry) {

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate", "proxy-authorization", "content-length", "surrogate-key",
            "date", "server");

    public static Reply of(CacheEntry entry, Result result) {
        return new Reply(entry.status(), entry.headers(), entry.body(), result, entry);
    }

    public static Reply passThrough(OriginResponse response, Result result) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith(":")) {
                headers.put(lower, String.join(", ", values));
            }
        });
        return new Reply(response.status(), headers, response.body(), result, null);
    }

    /** An RFC 9457 problem; {@code slug} completes the stable type URI. */
    public static Reply problem(int status, String slug, String title, String detail) {
        String json = "{\"type\":\"https://edgesync.dev/problems/" + slug + "\",\"title\":" + quote(title)
                + ",\"status\":" + status + ",\"detail\":" + quote(detail) + "}";
        return new Reply(status, Map.of("content-type", "application/problem+json", "cache-control", "no-store"),
                json.getBytes(StandardCharsets.UTF_8), Result.ERROR, null);
    }

    public Reply withResult(Result newResult) {
        return new Reply(status, headers, body, newResult, entry);
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
