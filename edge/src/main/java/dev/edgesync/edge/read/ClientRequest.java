package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheControl;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.RequestDirectives;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receive stage ({@code vcl_recv} + {@code vcl_hash}): what the edge needs from a client request.
 *
 * @param headers request headers, lower-case names
 */
public record ClientRequest(String method, String key, boolean head, Map<String, List<String>> headers, byte[] body) {

    public ClientRequest {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                });
            }
        });
        headers = copy;
        body = body == null ? new byte[0] : body;
    }

    public static ClientRequest receive(String method, String rawPath, String rawQuery,
            Map<String, List<String>> headers, byte[] body) {
        String m = method.toUpperCase(Locale.ROOT);
        return new ClientRequest(m, CacheKey.of(rawPath, rawQuery), m.equals("HEAD"), headers, body);
    }

    public static ClientRequest receive(String method, String rawPath, String rawQuery, String accept,
            String ifNoneMatch) {
        Map<String, List<String>> headers = new TreeMap<>();
        if (accept != null) {
            headers.put("accept", List.of(accept));
        }
        if (ifNoneMatch != null) {
            headers.put("if-none-match", List.of(ifNoneMatch));
        }
        return receive(method, rawPath, rawQuery, headers, null);
    }

    /** All values of a header joined by ", ", or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    /** GET or HEAD: served through the cache. */
    public boolean cacheable() {
        return method.equals("GET") || method.equals("HEAD");
    }

    public String ifNoneMatch() {
        return header("if-none-match");
    }

    public CacheControl directives() {
        return RequestDirectives.of(this::header);
    }

    /** {@code X-EdgeSync-Min-Version} of a lower tier: the lowest content version it accepts; 0 when absent. */
    public long minVersion() {
        String v = header(ShieldAsk.MIN_VERSION);
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.split(",")[0].trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The request comes from a lower-tier edge ({@code X-EdgeSync-Tier}). */
    public boolean lowerTier() {
        return headers.containsKey(ShieldAsk.TIER);
    }

    public boolean authorized() {
        return headers.containsKey("authorization");
    }
}
