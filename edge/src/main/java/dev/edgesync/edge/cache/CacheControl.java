package dev.edgesync.edge.cache;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The directives of a {@code Cache-Control} response header that a shared cache acts on (RFC 9111 §5.2.2 and
 * RFC 5861). Unknown directives are ignored; a directive with an unparseable number is treated as absent.
 */
public record CacheControl(
        boolean noStore,
        boolean noCache,
        boolean isPrivate,
        boolean isPublic,
        OptionalLong maxAge,
        OptionalLong sMaxAge,
        OptionalLong staleWhileRevalidate,
        OptionalLong staleIfError) {

    public static final CacheControl NONE = new CacheControl(false, false, false, false, OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    public static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        boolean isPublic = false;
        OptionalLong maxAge = OptionalLong.empty();
        OptionalLong sMaxAge = OptionalLong.empty();
        OptionalLong swr = OptionalLong.empty();
        OptionalLong sie = OptionalLong.empty();
        for (String part : splitDirectives(header)) {
            String directive = part.trim();
            if (directive.isEmpty()) {
                continue;
            }
            int eq = directive.indexOf('=');
            String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(directive.substring(eq + 1).trim());
            switch (name) {
                case "no-store" -> noStore = true;
                case "no-cache" -> noCache = true;
                case "private" -> isPrivate = true;
                case "public" -> isPublic = true;
                case "max-age" -> maxAge = seconds(value, maxAge);
                case "s-maxage" -> sMaxAge = seconds(value, sMaxAge);
                case "stale-while-revalidate" -> swr = seconds(value, swr);
                case "stale-if-error" -> sie = seconds(value, sie);
                default -> {
                    // not relevant to a shared cache
                }
            }
        }
        return new CacheControl(noStore, noCache, isPrivate, isPublic, maxAge, sMaxAge, swr, sie);
    }

    /** The freshness lifetime a shared cache uses: {@code s-maxage}, else {@code max-age}. */
    public OptionalLong sharedMaxAge() {
        return sMaxAge.isPresent() ? sMaxAge : maxAge;
    }

    /** Commas inside quoted strings (e.g. {@code private="a, b"}) do not separate directives. */
    private static Iterable<String> splitDirectives(String header) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static OptionalLong seconds(String value, OptionalLong previous) {
        if (previous.isPresent() || value == null || value.isEmpty()) {
            return previous; // RFC 9111: the first occurrence wins
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return previous;
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.of(Integer.MAX_VALUE);
        }
    }
}
