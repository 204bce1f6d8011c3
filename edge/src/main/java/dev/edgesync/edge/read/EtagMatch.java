package dev.edgesync.edge.read;

/** {@code If-None-Match} evaluation (RFC 9110 §13.1.2: weak comparison, {@code *} matches any). */
public final class EtagMatch {

    private EtagMatch() {
    }

    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank() || etag == null || etag.isBlank()) {
            return false;
        }
        String target = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (!c.isEmpty() && opaque(c).equals(target))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.trim();
        return t.startsWith("W/") ? t.substring(2) : t;
    }
}
