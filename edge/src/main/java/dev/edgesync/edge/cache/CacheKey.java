package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cache keys and the invalidation tokens an entry depends on. A key is the canonical request path
 * ({@link #canonicalPath}) plus {@code ?query} when there is one ({@link QueryRules} decide which query). An entry
 * depends on {@code key:<key>}, on {@code prefix:<p>} for every segment prefix of its path up to
 * {@link #MAX_PREFIX_SEGMENTS} segments deep, and on {@code tag:<t>} for each surrogate key it was stored with.
 */
public final class CacheKey {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /**
     * Prefix tokens stop at this depth: an entry deeper than it depends on the prefixes up to this depth only, and a
     * purge of a deeper prefix bumps the token of its first {@code MAX_PREFIX_SEGMENTS} segments (it invalidates
     * more than asked, never less). Bounds the tokens, hence the Redis work, of one request.
     */
    public static final int MAX_PREFIX_SEGMENTS = 32;
    private static final String HEX = "0123456789ABCDEF";

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
     * RFC 3986 normalisation of a raw path (§6.2.2): percent-encoded unreserved characters decoded ({@code %31} is
     * {@code 1}, {@code %2e} is {@code .}), other percent-encodings upper-cased, dot segments removed (§5.2.4).
     * Nothing else is collapsed ({@code //} stays, {@code %2F} stays encoded).
     *
     * @throws InvalidTargetException on a malformed percent-encoding or a control character (raw or encoded)
     */
    public static String canonicalPath(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (path.charAt(0) != '/') {
            path = "/" + path;
        }
        return removeDotSegments(decodeUnreserved(path));
    }

    /** Decodes percent-encoded unreserved characters, upper-cases the other encodings, refuses control characters. */
    public static String decodeUnreserved(String raw) {
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidTargetException("control character in the request target");
            }
            if (c != '%') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw new InvalidTargetException("malformed percent-encoding in the request target");
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new InvalidTargetException("malformed percent-encoding in the request target");
            }
            int value = hi * 16 + lo;
            if (value < 0x20 || value == 0x7f) {
                throw new InvalidTargetException("encoded control character in the request target");
            }
            if (out == null) {
                out = new StringBuilder(raw.length()).append(raw, 0, i);
            }
            if (unreserved(value)) {
                out.append((char) value);
            } else {
                out.append('%').append(HEX.charAt(hi)).append(HEX.charAt(lo));
            }
            i += 2;
        }
        return out == null ? raw : out.toString();
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** RFC 3986 §5.2.4 on an absolute path. */
    static String removeDotSegments(String path) {
        if (!path.contains(".")) {
            return path;
        }
        String in = path;
        StringBuilder out = new StringBuilder(path.length());
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                dropLastSegment(out);
            } else if (in.equals("/..")) {
                in = "/";
                dropLastSegment(out);
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', 1);
                int end = next < 0 ? in.length() : next;
                out.append(in, 0, end);
                in = in.substring(end);
            }
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private static void dropLastSegment(StringBuilder out) {
        int last = out.lastIndexOf("/");
        out.setLength(Math.max(0, last));
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
