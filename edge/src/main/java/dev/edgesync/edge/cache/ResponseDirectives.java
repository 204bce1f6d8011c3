package dev.edgesync.edge.cache;

import java.util.Locale;
import java.util.function.Function;

/**
 * The directives this edge obeys for a response (RFC 9213 targeted fields): {@code CDN-Cache-Control} when
 * present, else {@code Surrogate-Control}, else {@code Cache-Control}. A targeted field replaces
 * {@code Cache-Control} entirely for this cache; clients still receive {@code Cache-Control} unchanged, the
 * targeted fields are removed downstream.
 */
public final class ResponseDirectives {
    public static final String CDN_CACHE_CONTROL = "cdn-cache-control";
    public static final String SURROGATE_CONTROL = "surrogate-control";

    private ResponseDirectives() {
    }

    /** @param header looks a header up by lower-case name, null when absent */
    public static CacheControl of(Function<String, String> header) {
        String cdn = header.apply(CDN_CACHE_CONTROL);
        if (cdn != null && !cdn.isBlank()) {
            return CacheControl.parse(cdn);
        }
        String surrogate = header.apply(SURROGATE_CONTROL);
        if (surrogate != null && !surrogate.isBlank()) {
            return CacheControl.parse(stripSurrogateTargets(surrogate));
        }
        return CacheControl.parse(header.apply("cache-control"));
    }

    /** {@code Surrogate-Control: max-age=60;edge, content="ESI/1.0"}: drop the {@code ;target} suffixes. */
    static String stripSurrogateTargets(String value) {
        StringBuilder b = new StringBuilder();
        for (String part : value.split(",")) {
            String p = part.trim();
            int semi = p.indexOf(';');
            if (semi >= 0) {
                p = p.substring(0, semi).trim();
            }
            if (!p.toLowerCase(Locale.ROOT).startsWith("content=") && !p.isEmpty()) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(p);
            }
        }
        return b.toString();
    }
}
