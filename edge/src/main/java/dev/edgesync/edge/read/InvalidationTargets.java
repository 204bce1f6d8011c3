package dev.edgesync.edge.read;

import dev.edgesync.edge.cache.CacheKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cache keys a successful unsafe request invalidates (RFC 9111 §4.4): its target, and the URIs of its
 * response's {@code Location} and {@code Content-Location} when they have the same origin, that is when they are
 * relative, or name the scheme and authority the client addressed ({@code http} and {@code Host}) or the
 * origin's base URL.
 */
public final class InvalidationTargets {
    private InvalidationTargets() {
    }

    /**
     * @param targetKey the request's cache key (path and query)
     * @param host the client's {@code Host} header (may be null)
     * @param originBase the origin's base URL
     */
    public static List<String> of(String targetKey, String host, String originBase, String location,
            String contentLocation) {
        List<String> keys = new ArrayList<>();
        keys.add(targetKey);
        for (String reference : new String[] {location, contentLocation}) {
            String key = sameOriginKey(targetKey, host, originBase, reference);
            if (key != null && !keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    static String sameOriginKey(String targetKey, String host, String originBase, String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        URI resolved;
        try {
            resolved = URI.create("http://edge.invalid" + targetKey).resolve(reference.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (resolved.getRawPath() == null || !resolved.getRawPath().startsWith("/")) {
            return null;
        }
        String authority = resolved.getRawAuthority() == null ? "" : resolved.getRawAuthority().toLowerCase(Locale.ROOT);
        boolean relative = authority.equals("edge.invalid");
        String scheme = resolved.getScheme();
        boolean same = relative || ("http".equalsIgnoreCase(scheme) && sameAuthority(authority, scheme, host))
                || (scheme.equalsIgnoreCase(schemeOf(originBase))
                        && sameAuthority(authority, scheme, authorityOf(originBase)));
        return same ? CacheKey.of(resolved.getRawPath(), resolved.getRawQuery()) : null;
    }

    private static boolean sameAuthority(String authority, String scheme, String other) {
        if (other == null || other.isBlank()) {
            return false;
        }
        return withPort(authority, scheme).equals(withPort(other.trim().toLowerCase(Locale.ROOT), scheme));
    }

    private static String withPort(String authority, String scheme) {
        if (authority.matches(".*:\\d+$")) {
            return authority;
        }
        return authority + ("https".equalsIgnoreCase(scheme) ? ":443" : ":80");
    }

    private static String schemeOf(String url) {
        try {
            return URI.create(url).getScheme();
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static String authorityOf(String url) {
        try {
            return URI.create(url).getRawAuthority();
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
