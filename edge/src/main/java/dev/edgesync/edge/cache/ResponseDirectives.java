package dev.edgesync.edge.cache;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The directives this edge obeys for a response (RFC 9213 targeted fields): a valid {@code CDN-Cache-Control}
 * ({@link CdnCacheControl}; an invalid one is ignored whole), else {@code Surrogate-Control}, else
 * {@code Cache-Control}. A targeted field replaces {@code Cache-Control} entirely for this cache; clients still
 * receive {@code Cache-Control} unchanged. A consumed targeted field is removed downstream, an ignored
 * {@code CDN-Cache-Control} passes through unchanged ({@link #consumesCdnCacheControl}).
 */
public final class ResponseDirectives {
    public static final String CDN_CACHE_CONTROL = "cdn-cache-control";
    public static final String SURROGATE_CONTROL = "surrogate-control";

    private ResponseDirectives() {
    }

    /** @param header looks a header up by lower-case name, null when absent */
    public static CacheControl of(Function<String, String> header) {
        Optional<CacheControl> cdn = CdnCacheControl.parse(header.apply(CDN_CACHE_CONTROL));
        if (cdn.isPresent()) {
            return cdn.get();
        }
        String surrogate = header.apply(SURROGATE_CONTROL);
        if (surrogate != null && !surrogate.isBlank()) {
            return CacheControl.parse(stripSurrogateTargets(surrogate));
        }
        return CacheControl.parse(header.apply("cache-control"));
    }

    /** This edge obeyed the response's {@code CDN-Cache-Control}: it is valid (so it is not forwarded to clients). */
    public static boolean consumesCdnCacheControl(String value) {
        return CdnCacheControl.parse(value).isPresent();
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
