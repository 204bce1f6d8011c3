package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cache keys and the invalidation tokens an entry depends on. A key is the request path plus {@code ?rawQuery}
 * when there is a query. An entry depends on {@code key:<key>}, on {@code prefix:<p>} for every segment prefix
 * of its path and on {@code tag:<t>} for each surrogate key it was stored with.
 */
public final class CacheKey {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");


    private CacheKey() {
    }

    public static String of(String path, String rawQuery) {
        String p = path == null || path.isEmpty() ? "/" : path;
        return rawQuery == null || rawQuery.isEmpty() ? p : p + "?" + rawQuery;
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

    /** Every prefix of the key's path that ends at a segment boundary: "/a/b/c" gives "/", "/a/", "/a/b/". */
    public static List<String> segmentPrefixes(String key) {
        String path = pathOf(key);
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                prefixes.add(path.substring(0, i + 1));
            }
        }
        return prefixes;
    }

    public static String keyToken(String key) {
        return "key:" + key;
    }

    public static String tagToken(String tag) {
        return "tag:" + tag;
    }

    public static String prefixToken(String prefix) {
        return "prefix:" + prefix;
    }

    /** The tokens an entry for {@code key} with surrogate keys {@code tags} depends on, without duplicates. */
    public static List<String> tokens(String key, Collection<String> tags) {
        List<String> tokens = new ArrayList<>();
        tokens.add(keyToken(key));
        for (String prefix : segmentPrefixes(key)) {
            tokens.add(prefixToken(prefix));
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
