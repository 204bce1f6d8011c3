package dev.edgesync.edge.cache;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the edge does with a response carrying {@code Set-Cookie} (or the obsolete {@code Set-Cookie2}), per path
 * prefix ({@code edgesync.cache.set-cookie."<prefix>"}, the longest matching prefix wins):
 * <ul>
 * <li>{@code store} (the default, RFC 9111 §3 and §7.3): stored like any response, the cookie fields with it, and sent
 * with every answer from the copy. {@code private} keeps it out of the cache, {@code private="Set-Cookie"} stores it
 * without them, {@code no-cache="Set-Cookie"} leaves them out of answers not validated with the origin.</li>
 * <li>{@code shared-only}: stored only when the response says {@code public} or {@code s-maxage}, and then without
 * the cookie fields: only the client whose request filled gets them.</li>
 * <li>{@code never}: not stored.</li>
 * </ul>
 * Several {@code Set-Cookie} lines stay separate lines when replayed ({@link #LINES}).
 */
public final class SetCookieRules {
    public enum Mode {
        STORE, SHARED_ONLY, NEVER;

        public static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "store" -> STORE;
                case "shared-only" -> SHARED_ONLY;
                case "never" -> NEVER;
                default -> throw new IllegalArgumentException(
                        "edgesync.cache.set-cookie: '" + text + "' is not store, shared-only or never");
            };
        }
    }

    /** Separator of the lines of a stored {@code Set-Cookie} (one field line each; a cookie may contain commas). */
    public static final String LINES = "\n";

    private static volatile SetCookieRules active = new SetCookieRules(Map.of());

    /** Longest prefix first. */
    private final TreeMap<String, Mode> rules = new TreeMap<>((a, b) -> a.length() != b.length()
            ? Integer.compare(b.length(), a.length()) : a.compareTo(b));

    private SetCookieRules(Map<String, Mode> rules) {
        this.rules.putAll(rules);
    }

    /** Rules from configuration: prefix to {@code store}, {@code shared-only} or {@code never}. */
    public static SetCookieRules of(Map<String, String> config) {
        Map<String, Mode> parsed = new TreeMap<>();
        config.forEach((prefix, mode) -> parsed.put(prefix, Mode.parse(mode)));
        return new SetCookieRules(parsed);
    }

    /** The rules the storage decisions use ({@link StoragePolicy}, {@link EntryFactory}); installed at start-up. */
    public static SetCookieRules active() {
        return active;
    }

    public static void install(SetCookieRules rules) {
        active = rules;
    }

    /** The mode for a cache key (its path; the query is not looked at). */
    public Mode mode(String key) {
        if (key != null) {
            int q = key.indexOf('?');
            String path = q < 0 ? key : key.substring(0, q);
            for (Map.Entry<String, Mode> rule : rules.entrySet()) {
                if (path.startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return Mode.STORE;
    }
}
