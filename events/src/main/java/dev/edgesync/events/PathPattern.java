package dev.edgesync.events;

import java.util.regex.Pattern;

/**
 * A purge pattern over canonical paths ({@link CanonicalPath}), matched against the path of a cache key (its query
 * is ignored, so every query of a matching path is covered).
 *
 * <ul>
 * <li>A segment that is only {@code *} matches one or more whole segments: {@code /api/*}{@code /comments} matches
 * {@code /api/1/comments} and {@code /api/1/2/comments}, not {@code /api/comments}.
 * <li>{@code *} inside a segment matches any characters of that segment: {@code /img/*.png} matches
 * {@code /img/a.png}, not {@code /img/a/b.png}.
 * <li>Everything else matches itself; a literal {@code *} in a path is {@code %2A}.
 * </ul>
 */
public final class PathPattern {
    /** Longest pattern accepted, in characters. */
    public static final int MAX_LENGTH = 512;
    /** Most {@code *} in one pattern: bounds the matching work of every lookup. */
    public static final int MAX_WILDCARDS = 8;

    private final String pattern;
    private final String regexSource;
    /** Compiled when first needed: most patterns are ruled out by their literal text, and a ban list may hold 100,000. */
    private volatile Pattern regex;
    private final String literalPrefix;
    private final String literalSuffix;

    private PathPattern(String pattern, String regexSource) {
        int star = pattern.indexOf('*');
        this.literalPrefix = star < 0 ? pattern : pattern.substring(0, star);
        this.literalSuffix = star < 0 ? "" : pattern.substring(pattern.lastIndexOf('*') + 1);
        this.pattern = pattern;
        this.regexSource = regexSource;
    }

    /** @throws IllegalArgumentException when the pattern is not a path with at most {@value #MAX_WILDCARDS} {@code *} */
    public static PathPattern of(String pattern) {
        if (pattern == null || !pattern.startsWith("/") || pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a pattern is a path starting with / of at most " + MAX_LENGTH
                    + " characters");
        }
        if (pattern.indexOf('?') >= 0 || pattern.indexOf('#') >= 0 || pattern.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a pattern is a path: no query, fragment or spaces");
        }
        if (pattern.chars().filter(c -> c == '*').count() > MAX_WILDCARDS) {
            throw new IllegalArgumentException("a pattern has at most " + MAX_WILDCARDS + " *");
        }
        StringBuilder re = new StringBuilder();
        String[] segments = pattern.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            re.append('/');
            String segment = segments[i];
            if (segment.equals("*")) {
                // a whole segment is always followed by / or the end: matching it possessively saves backtracking
                re.append("[^/]++(?:/[^/]++)*");
                continue;
            }
            int start = 0;
            for (int star = segment.indexOf('*'); star >= 0; star = segment.indexOf('*', start)) {
                re.append(Pattern.quote(segment.substring(start, star))).append("[^/]*");
                start = star + 1;
            }
            if (start < segment.length()) {
                re.append(Pattern.quote(segment.substring(start)));
            }
        }
        return new PathPattern(pattern, re.toString()); // quoted literals and fixed classes: it always compiles
    }

    /** Whether the path of cache key {@code key} matches. */
    public boolean matches(String key) {
        // a match starts with the text before the first * and ends with the text after the last one: most bans are
        // ruled out without running the regex
        if (!key.startsWith(literalPrefix)) {
            return false;
        }
        int q = key.indexOf('?');
        int end = q < 0 ? key.length() : q;
        if (end - literalSuffix.length() < literalPrefix.length()
                || !key.startsWith(literalSuffix, end - literalSuffix.length())) {
            return false;
        }
        Pattern compiled = regex;
        if (compiled == null) {
            regex = compiled = Pattern.compile(regexSource);
        }
        return compiled.matcher(q < 0 ? key : key.substring(0, q)).matches();
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern other && pattern.equals(other.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
