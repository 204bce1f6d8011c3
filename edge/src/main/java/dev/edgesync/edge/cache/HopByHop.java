package dev.edgesync.edge.cache;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1): {@code Connection} and every field it names, {@code Keep-Alive},
 * {@code TE}, {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade} and all {@code Proxy-*} fields. A proxy
 * removes them in both directions.
 */
public final class HopByHop {
    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "te", "trailer",
            "transfer-encoding", "upgrade");

    private final Set<String> named;

    private HopByHop(Set<String> named) {
        this.named = named;
    }

    /** The rule for one message, given its {@code Connection} field value(s) joined (may be null). */
    public static HopByHop of(String connection) {
        Set<String> named = new HashSet<>();
        if (connection != null) {
            for (String option : connection.split(",")) {
                String t = option.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    named.add(t);
                }
            }
        }
        return new HopByHop(named);
    }

    public boolean isHopByHop(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ALWAYS.contains(n) || n.startsWith("proxy-") || named.contains(n);
    }
}
