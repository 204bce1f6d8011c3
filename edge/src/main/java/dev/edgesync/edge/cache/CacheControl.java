package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The directives of a {@code Cache-Control} field (request or response, RFC 9111 §5.2, RFC 5861, RFC 8246) that a
 * shared cache acts on. Unknown directives are ignored; a directive with an unparseable number is treated as
 * absent; the first occurrence of a directive wins.
 *
 * <p>{@code no-cache} and {@code private} may be qualified with field names ({@code no-cache="set-cookie"}):
 * {@link #noCache()} / {@link #isPrivate()} tell that the directive is present in either form, {@link #noCacheFields()}
 * / {@link #privateFields()} list the names of the qualified form (lower case, empty for the unqualified form).
 *
 * @param maxStale request {@code max-stale}; present without a value means any staleness ({@link Long#MAX_VALUE})
 */
public record CacheControl(
        boolean noStore,
        boolean noCache,
        boolean isPrivate,
        boolean isPublic,
        OptionalLong maxAge,
        OptionalLong sMaxAge,
        OptionalLong staleWhileRevalidate,
        OptionalLong staleIfError,
        boolean mustRevalidate,
        boolean proxyRevalidate,
        boolean mustUnderstand,
        boolean immutable,
        boolean onlyIfCached,
        OptionalLong maxStale,
        OptionalLong minFresh,
        List<String> noCacheFields,
        List<String> privateFields) {

    public static final CacheControl NONE = new CacheControl(false, false, false, false, OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), false, false, false, false, false,
            OptionalLong.empty(), OptionalLong.empty(), List.of(), List.of());

    public CacheControl {
        noCacheFields = List.copyOf(noCacheFields);
        privateFields = List.copyOf(privateFields);
    }

    public static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean noStore = false;
        boolean noCache = false;
        boolean isPrivate = false;
        boolean isPublic = false;
        boolean mustRevalidate = false;
        boolean proxyRevalidate = false;
        boolean mustUnderstand = false;
        boolean immutable = false;
        boolean onlyIfCached = false;
        OptionalLong maxAge = OptionalLong.empty();
        OptionalLong sMaxAge = OptionalLong.empty();
        OptionalLong swr = OptionalLong.empty();
        OptionalLong sie = OptionalLong.empty();
        OptionalLong maxStale = OptionalLong.empty();
        OptionalLong minFresh = OptionalLong.empty();
        List<String> noCacheFields = new ArrayList<>();
        List<String> privateFields = new ArrayList<>();
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
                case "no-cache" -> {
                    noCache = true;
                    noCacheFields.addAll(fieldNames(value));
                }
                case "private" -> {
                    isPrivate = true;
                    privateFields.addAll(fieldNames(value));
                }
                case "public" -> isPublic = true;
                case "must-revalidate" -> mustRevalidate = true;
                case "proxy-revalidate" -> proxyRevalidate = true;
                case "must-understand" -> mustUnderstand = true;
                case "immutable" -> immutable = true;
                case "only-if-cached" -> onlyIfCached = true;
                case "max-age" -> maxAge = seconds(value, maxAge);
                case "s-maxage" -> sMaxAge = seconds(value, sMaxAge);
                case "stale-while-revalidate" -> swr = seconds(value, swr);
                case "stale-if-error" -> sie = seconds(value, sie);
                case "min-fresh" -> minFresh = seconds(value, minFresh);
                case "max-stale" -> {
                    if (maxStale.isEmpty()) {
                        maxStale = value == null ? OptionalLong.of(Long.MAX_VALUE) : seconds(value, maxStale);
                    }
                }
                default -> {
                    // not relevant to a shared cache
                }
            }
        }
        return new CacheControl(noStore, noCache, isPrivate, isPublic, maxAge, sMaxAge, swr, sie, mustRevalidate,
                proxyRevalidate, mustUnderstand, immutable, onlyIfCached, maxStale, minFresh, noCacheFields,
                privateFields);
    }

    /** The freshness lifetime a shared cache uses: {@code s-maxage}, else {@code max-age}. */
    public OptionalLong sharedMaxAge() {
        return sMaxAge.isPresent() ? sMaxAge : maxAge;
    }

    /** {@code no-cache} without field names: every reuse needs a successful validation. */
    public boolean noCacheUnqualified() {
        return noCache && noCacheFields.isEmpty();
    }

    /** {@code private} without field names: a shared cache must not store the response. */
    public boolean privateUnqualified() {
        return isPrivate && privateFields.isEmpty();
    }

    /** {@code must-revalidate} or {@code proxy-revalidate}: once stale, never served without validation. */
    public boolean revalidateWhenStale() {
        return mustRevalidate || proxyRevalidate;
    }

    /** A response to a request with {@code Authorization} may be stored and reused (RFC 9111 §3.5). */
    public boolean allowsAuthorized() {
        return isPublic || sMaxAge.isPresent() || mustRevalidate;
    }

    /** Commas inside quoted strings (e.g. {@code private="a, b"}) do not separate directives. */
    private static Iterable<String> splitDirectives(String header) {
        List<String> parts = new ArrayList<>();
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

    private static List<String> fieldNames(String value) {
        List<String> names = new ArrayList<>();
        if (value == null) {
            return names;
        }
        for (String name : value.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty() && !names.contains(n)) {
                names.add(n);
            }
        }
        return names;
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
