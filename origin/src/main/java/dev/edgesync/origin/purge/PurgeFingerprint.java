package dev.edgesync.origin.purge;

import dev.edgesync.events.InvalidationEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** What makes two purges identical: the same canonical targets (in any order), mode and priority. */
public final class PurgeFingerprint {
    private PurgeFingerprint() {
    }

    public static String of(InvalidationEvent purge) {
        StringBuilder b = new StringBuilder();
        section(b, "k", purge.keys());
        section(b, "t", purge.tags());
        section(b, "p", purge.prefixes());
        section(b, "x", purge.patterns());
        b.append("m=").append(purge.mode().wire()).append('\n').append("r=").append(purge.priority().wire());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void section(StringBuilder b, String name, List<String> values) {
        for (String v : new TreeSet<>(values)) {
            b.append(name).append('=').append(v).append('\n'); // entries hold no control characters
        }
    }
}
