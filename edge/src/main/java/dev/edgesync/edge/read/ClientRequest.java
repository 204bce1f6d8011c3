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

    /**
     * A client request as the rest of the edge sees it (every entry point uses the injected {@link ReceiveRules}, so
     * that all key alike): keyed by its canonical target ({@link CacheKey}), and with
     * the {@code X-EdgeSync-*} fields removed unless it proves to be a lower tier ({@link ReceiveRules}); the proof
     * itself is always removed, so it is never forwarded nor read again.
     *
     * @throws TargetTooLongException when the target is longer than {@link ReceiveRules#maxTargetBytes()}
     * @throws CacheKey.InvalidTargetException on a malformed percent-encoding or a control character
     */
    public static ClientRequest receive(String method, String rawPath, String rawQuery,
            Map<String, List<String>> headers, byte[] body, ReceiveRules rules) {
        String m = method.toUpperCase(Locale.ROOT);
        long length = (rawPath == null ? 0 : rawPath.length()) + (rawQuery == null ? 0 : rawQuery.length() + 1L);
        if (length > rules.maxTargetBytes()) {
            throw new TargetTooLongException(length, rules.maxTargetBytes());
        }
        String key = CacheKey.of(rawPath, rawQuery, rules.queryRules());
        Map<String, List<String>> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                received.merge(name, values, (a, b) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return all;
                });
            }
        });
        boolean lowerTier = rules.authenticatedTier(received.get(ShieldAsk.TIER_AUTH));
        received.keySet().removeIf(name -> name.equalsIgnoreCase(ShieldAsk.TIER_AUTH)
                || (!lowerTier && name.toLowerCase(Locale.ROOT).startsWith(ShieldAsk.INTERNAL_PREFIX)));
        return new ClientRequest(m, key, m.equals("HEAD"), received, body);
    }

    /**
     * The edge's own GET for a background revalidation of {@code key}: of the triggering request only the fields
     * the stored response varies on ({@code vary}, lower case), so that nothing a client sent
     * ({@code Cache-Control: no-store}, {@code Pragma}, conditionals, credentials, cookies) shapes the refreshed copy.
     */
    public static ClientRequest revalidation(String key, List<String> vary, ClientRequest trigger) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : vary) {
            List<String> values = trigger.headers().get(name);
            if (values != null && !name.startsWith(ShieldAsk.INTERNAL_PREFIX)) {
                headers.put(name, values);
            }
        }
        return new ClientRequest("GET", key, false, headers, null);
    }

    /** A request target longer than the edge accepts (414). */
    public static final class TargetTooLongException extends IllegalArgumentException {
        public TargetTooLongException(long length, int max) {
            super("the request target has " + length + " bytes, more than the " + max + " this edge accepts");
        }
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

    /**
     * The request comes from a lower-tier edge ({@code X-EdgeSync-Tier}); only an authenticated one keeps the
     * field ({@link #receive}).
     */
    public boolean lowerTier() {
        return headers.containsKey(ShieldAsk.TIER);
    }

    public boolean authorized() {
        return headers.containsKey("authorization");
    }
}
