package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.ContentCoding;
import dev.edgesync.edge.cache.HopByHop;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import dev.edgesync.events.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the edge answers, before the deliver stage adds its own headers: a stored entry, an origin response
 * (passed through, or just stored: then it carries the origin's headers for this one client, {@code Set-Cookie}
 * included), or a problem.
 *
 * @param entry the entry served or just stored, null when the reply did not come from (or go to) the store
 * @param headers response headers (lower-case names), without hop-by-hop fields
 */
public record Reply(int status, Map<String, List<String>> headers, byte[] body, Result result, CacheEntry entry) {

    /** Not forwarded from the origin: framing (recomputed by this server) and the origin's server name. */
    private static final Set<String> NOT_FORWARDED = Set.of("content-length", "server");

    public static Reply of(CacheEntry entry, Result result) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        // a stored Set-Cookie keeps one field line per cookie (SetCookieRules)
        entry.headers().forEach((name, value) -> headers.put(name, name.startsWith("set-cookie")
                ? List.of(value.split(dev.edgesync.edge.cache.SetCookieRules.LINES)) : List.of(value)));
        if (!entry.tags().isEmpty()) {
            headers.put("surrogate-key", List.of(String.join(" ", entry.tags())));
        }
        return new Reply(entry.status(), headers, entry.body(), result, entry);
    }

    public static Reply passThrough(OriginResponse response, Result result) {
        return fromOrigin(response, null, result);
    }

    /** The origin's response as received (end-to-end fields), with {@code entry} when it was stored. */
    public static Reply fromOrigin(OriginResponse response, CacheEntry entry, Result result) {
        HopByHop hop = HopByHop.of(response.header("connection"));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            if (!hop.isHopByHop(name) && !NOT_FORWARDED.contains(name)) {
                headers.put(name, values);
            }
        });
        if (entry != null && ContentCoding.reshaped(response.header("content-encoding"), response.header("vary"),
                entry.headers())) {
            // the edge compressed the stored copy (or made it vary on Accept-Encoding): this client gets that copy too
            return new Reply(response.status(), ContentCoding.asStored(headers, entry.headers()), entry.body(), result,
                    entry);
        }
        return new Reply(response.status(), headers, response.body(), result, entry);
    }

    /** An RFC 9457 problem (the shared {@link Problem}); {@code slug} completes the stable type URI. */
    public static Reply problem(int status, String slug, String detail) {
        return new Reply(status, Map.of("content-type", List.of(Problem.MEDIA_TYPE), "cache-control",
                List.of("no-store")), Problem.of(status, slug, detail).json().getBytes(StandardCharsets.UTF_8),
                Result.ERROR, null);
    }

    public Reply withResult(Result newResult) {
        return new Reply(status, headers, body, newResult, entry);
    }

    /** All values of a header joined by ", ", or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }
}
