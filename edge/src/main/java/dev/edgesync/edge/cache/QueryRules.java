package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which query a cache key keeps, by the longest matching path prefix ({@code edgesync.cache.query-rules}):
 * <ul>
 * <li>{@code keep-sorted} (the default): every parameter, sorted by name (values of one name keep their order);</li>
 * <li>{@code allow:page,size,tag}: only the listed parameters, sorted;</li>
 * <li>{@code ignore}: no query at all.</li>
 * </ul>
 * Names and values are normalised like paths: percent-encoded unreserved characters decoded, other encodings
 * upper-cased, control characters refused ({@link CacheKey.InvalidTargetException}). Empty parameters are dropped.
 */
public final class QueryRules {

    /** One rule. */
    public record Rule(Kind kind, Set<String> allowed) {
        public enum Kind {
            KEEP_SORTED,
            ALLOW,
            IGNORE
        }

        public static final Rule KEEP_SORTED = new Rule(Kind.KEEP_SORTED, Set.of());

        /** {@code keep-sorted}, {@code ignore} or {@code allow:<name>,<name>...}. */
        public static Rule parse(String text) {
            String t = text.trim();
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.equals("keep-sorted")) {
                return KEEP_SORTED;
            }
            if (lower.equals("ignore")) {
                return new Rule(Kind.IGNORE, Set.of());
            }
            if (lower.startsWith("allow:")) {
                Set<String> names = new LinkedHashSet<>();
                for (String name : t.substring("allow:".length()).split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.trim());
                    }
                }
                return new Rule(Kind.ALLOW, Set.copyOf(names));
            }
            throw new IllegalArgumentException(
                    "query rule '" + text + "': expected keep-sorted, ignore or allow:<name>,<name>...");
        }
    }

    private record Prefixed(String prefix, Rule rule) {
    }

    /** No configured rule: every query kept, sorted. */
    public static final QueryRules KEEP_ALL_SORTED = new QueryRules(List.of());

    private final List<Prefixed> rules;

    private QueryRules(List<Prefixed> rules) {
        this.rules = rules;
    }

    /** @param byPrefix path prefix → rule text */
    public static QueryRules of(Map<String, String> byPrefix) {
        List<Prefixed> rules = new ArrayList<>();
        byPrefix.forEach((prefix, rule) -> rules.add(new Prefixed(prefix, Rule.parse(rule))));
        rules.sort(Comparator.comparingInt((Prefixed p) -> p.prefix().length()).reversed());
        return new QueryRules(List.copyOf(rules));
    }

    public Rule ruleFor(String canonicalPath) {
        for (Prefixed p : rules) {
            if (canonicalPath.startsWith(p.prefix())) {
                return p.rule();
            }
        }
        return Rule.KEEP_SORTED;
    }

    /** The query of the key of {@code canonicalPath}, or null for none. */
    public String apply(String canonicalPath, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Rule rule = ruleFor(canonicalPath);
        // refused even when ignored: the target is forwarded nowhere else, but a NUL is never a valid request
        String query = CacheKey.decodeUnreserved(rawQuery);
        if (rule.kind() == Rule.Kind.IGNORE) {
            return null;
        }
        List<String[]> params = new ArrayList<>();
        for (String param : query.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            if (rule.kind() == Rule.Kind.ALLOW && !rule.allowed().contains(name)) {
                continue;
            }
            params.add(new String[] {name, param});
        }
        params.sort(Comparator.comparing((String[] p) -> p[0]));
        StringBuilder out = new StringBuilder();
        for (String[] p : params) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p[1]);
        }
        return out.isEmpty() ? null : out.toString();
    }
}
