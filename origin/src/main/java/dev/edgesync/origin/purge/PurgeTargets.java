package dev.edgesync.origin.purge;

import dev.edgesync.events.CanonicalPath;
import dev.edgesync.events.PathPattern;
import dev.edgesync.events.problem.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a purge names, in the form the edges key their cache by ({@link CanonicalPath}), so {@code /api/content/%36}
 * and {@code /api/x/../content/6} purge what {@code /api/content/6} does.
 *
 * <p>A prefix ends at a path-segment boundary: {@code /api/content/6} and {@code /api/content/6/} both cover
 * {@code /api/content/6}, {@code /api/content/6?page=2} and everything under {@code /api/content/6/}, never
 * {@code /api/content/60}. On the wire it is written with its trailing slash.
 */
public final class PurgeTargets {
    /** RFC 1123 host names: labels of letters, digits and inner hyphens; no port. */
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private PurgeTargets() {
    }

    /** Keys with their path made canonical (the query is left as it is: the edge's query rules decide it). */
    public static List<String> keys(List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            if (!key.startsWith("/")) {
                throw ProblemException.invalid("key '" + key + "' must start with /");
            }
            int q = key.indexOf('?');
            String path = canonical(q < 0 ? key : key.substring(0, q), "key");
            out.add(q < 0 ? path : path + key.substring(q));
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    /** Prefixes made canonical and ending at a segment boundary ({@code /a/b} becomes {@code /a/b/}). */
    public static List<String> prefixes(List<String> prefixes) {
        List<String> out = new ArrayList<>();
        for (String prefix : prefixes) {
            if (!prefix.startsWith("/")) {
                throw ProblemException.invalid("prefix '" + prefix + "' must start with /");
            }
            if (prefix.indexOf('?') >= 0 || prefix.indexOf('#') >= 0 || prefix.indexOf('*') >= 0) {
                throw ProblemException.invalid("prefix '" + prefix
                        + "' is a path: no query, fragment or * (use patterns for wildcards)");
            }
            out.add(segmentPrefix(canonical(prefix, "prefix")));
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    /** Patterns with their literal parts made canonical ({@code *} is reserved, so it stays a wildcard). */
    public static List<String> patterns(List<String> patterns) {
        List<String> out = new ArrayList<>();
        for (String pattern : patterns) {
            if (!pattern.startsWith("/")) {
                throw ProblemException.invalid("pattern '" + pattern + "' must start with /");
            }
            String canonical = canonical(pattern, "pattern");
            try {
                PathPattern.of(canonical);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("pattern '" + pattern + "': " + e.getMessage());
            }
            out.add(canonical);
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    /**
     * Hostnames made canonical (lower case, no trailing dot), each one of {@code served}: the edges key by path only,
     * so a purge by host purges everything, and a host they do not serve (a typo) must not.
     */
    public static List<String> hosts(List<String> hosts, List<String> served) {
        Set<String> known = new LinkedHashSet<>();
        for (String host : served) {
            known.add(canonicalHost(host));
        }
        List<String> out = new ArrayList<>();
        for (String host : hosts) {
            if (host == null) {
                throw ProblemException.invalid("hosts must not contain null");
            }
            String canonical = canonicalHost(host);
            if (!HOSTNAME.matcher(canonical).matches() || !known.contains(canonical)) {
                throw new ProblemException(400, "unknown-host", "host '" + host + "' is not one the"
                        + " edges serve (" + (known.isEmpty() ? "none configured: set edgesync.purge.hosts"
                                : String.join(", ", known)) + "); the edges key by path only, so a purge by host"
                        + " purges everything and is accepted only for a served host");
            }
            out.add(canonical);
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    private static String canonicalHost(String host) {
        String lower = host.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** {@code path} with a trailing slash: the wire form of a prefix that covers the path and its subtree. */
    static String segmentPrefix(String canonicalPath) {
        return canonicalPath.endsWith("/") ? canonicalPath : canonicalPath + "/";
    }

    private static String canonical(String path, String what) {
        try {
            return CanonicalPath.of(path);
        } catch (CanonicalPath.InvalidPathException e) {
            throw ProblemException.invalid(what + " '" + path + "': " + e.getMessage().replace("request target", what));
        }
    }
}
