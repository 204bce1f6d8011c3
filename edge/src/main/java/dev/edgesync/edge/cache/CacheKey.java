package dev.edgesync.edge.cache;

import dev.edgesync.events.CanonicalPath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cache keys and the invalidation tokens an entry depends on. A key is the canonical request path
 * ({@link #canonicalPath}) plus {@code ?query} when there is one ({@link QueryRules} decide which query). An entry
 * depends on {@code key:<key>}, on {@code prefix:<p>} for every segment prefix of its path up to
 * {@link #MAX_PREFIX_SEGMENTS} segments deep, on {@code prefix:<path>} for its whole path (no trailing slash: a
 * prefix purge of {@code /a/b} covers {@code /a/b}, {@code /a/b?q} and {@code /a/b/...}, never {@code /a/bc}), and
 * on {@code tag:<t>} for each surrogate key it was stored with.
 */
public final class CacheKey {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /**
     * Prefix tokens stop at this depth: an entry deeper than it depends on the prefixes up to this depth only, and a
     * purge of a deeper prefix bumps the token of its first {@code MAX_PREFIX_SEGMENTS} segments (it invalidates
     * more than asked, never less). Bounds the tokens, hence the Redis work, of one request.
     */
    public static final int MAX_PREFIX_SEGMENTS = 32;

    private CacheKey() {
    }

    /** A key from a path and a query taken as they are, the path made canonical when it is well formed. */
    public static String of(String path, String rawQuery) {
        String p;
        try {
            p = canonicalPath(path);
        } catch (InvalidTargetException e) {
            p = path == null || path.isEmpty() ? "/" : path;
        }
        return rawQuery == null || rawQuery.isEmpty() ? p : p + "?" + rawQuery;
    }

    /** The key of a request target: canonical path, query as {@code rules} say for that path. */
    public static String of(String rawPath, String rawQuery, QueryRules rules) {
        String path = canonicalPath(rawPath);
        String query = rules.apply(path, rawQuery);
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    /** A request target this edge refuses to key (and so to forward): bad percent-encoding, control characters. */
    public static final class InvalidTargetException extends IllegalArgumentException {
        public InvalidTargetException(String message) {
            super(message);
        }
    }

    /**
     * RFC 3986 normalisation of a raw path, as {@link CanonicalPath#of} (shared with the origin, which canonicalises
     * purge prefixes the same way).
     *
     * @throws InvalidTargetException on a malformed percent-encoding or a control character (raw or encoded)
     */
    public static String canonicalPath(String rawPath) {
        try {
            return CanonicalPath.of(rawPath);
        } catch (CanonicalPath.InvalidPathException e) {
            throw new InvalidTargetException(e.getMessage());
        }
    }

    /** Decodes percent-encoded unreserved characters, upper-cases the other encodings, refuses control characters. */
    public static String decodeUnreserved(String raw) {
        try {
            return CanonicalPath.decodeUnreserved(raw);
        } catch (CanonicalPath.InvalidPathException e) {
            throw new InvalidTargetException(e.getMessage());
        }
    }

    /** RFC 3986 §5.2.4 on an absolute path. */
    static String removeDotSegments(String path) {
        return CanonicalPath.removeDotSegments(path);
    }

    /** Where one variant of a varying response is stored ({@link VaryKey}). */
    /** Separates a key from its variant id in a variant key. */
    public static final String VARIANT_SEPARATOR = "#vary:";

    public static String variantKey(String key, String variant) {
        return key + VARIANT_SEPARATOR + variant;
    }

    public static String pathOf(String key) {
        int q = key.indexOf('?');
        return q < 0 ? key : key.substring(0, q);
    }

    /**
     * Every prefix of the key's path that ends at a segment boundary: "/a/b/c" gives "/", "/a/", "/a/b/"; at most
     * {@link #MAX_PREFIX_SEGMENTS} + 1 of them (the deepest with {@code MAX_PREFIX_SEGMENTS} segments).
     */
    public static List<String> segmentPrefixes(String key) {
        String path = pathOf(key);
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < path.length() && prefixes.size() <= MAX_PREFIX_SEGMENTS; i++) {
            if (path.charAt(i) == '/') {
                prefixes.add(path.substring(0, i + 1));
            }
        }
        return prefixes;
    }

    /** {@code prefix} cut after its {@link #MAX_PREFIX_SEGMENTS}th segment, when it is deeper. */
    static String cappedPrefix(String prefix) {
        int slashes = 0;
        for (int i = 0; i < prefix.length(); i++) {
            if (prefix.charAt(i) == '/' && ++slashes == MAX_PREFIX_SEGMENTS + 1) {
                return i + 1 < prefix.length() ? prefix.substring(0, i + 1) : prefix;
            }
        }
        return prefix;
    }

    public static String keyToken(String key) {
        return "key:" + key;
    }

    public static String tagToken(String tag) {
        return "tag:" + tag;
    }

    /** The token of a prefix; one deeper than {@link #MAX_PREFIX_SEGMENTS} segments shares its capped prefix's. */
    public static String prefixToken(String prefix) {
        return "prefix:" + cappedPrefix(prefix);
    }

    /** The tokens an entry for {@code key} with surrogate keys {@code tags} depends on, without duplicates. */
    public static List<String> tokens(String key, Collection<String> tags) {
        List<String> tokens = new ArrayList<>();
        tokens.add(keyToken(key));
        for (String prefix : segmentPrefixes(key)) {
            tokens.add(prefixToken(prefix));
        }
        String path = pathOf(key);
        String pathToken = prefixToken(path);
        if (!tokens.contains(pathToken)) {
            tokens.add(pathToken); // a prefix purge of "/a/b" reaches "/a/b" and "/a/b?q" as well as "/a/b/..."
        }
        for (String tag : tags) {
            String token = tagToken(tag);
            if (!tokens.contains(token)) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** Surrogate keys of a {@code Surrogate-Key} header (space separated). */
    public static List<String> surrogateKeys(String header) {
        List<String> tags = new ArrayList<>();
        if (header == null) {
            return tags;
        }
        for (String tag : WHITESPACE.split(header.trim())) {
            if (!tag.isEmpty() && !tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }
}
