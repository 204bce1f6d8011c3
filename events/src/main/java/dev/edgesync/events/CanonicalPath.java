package dev.edgesync.events;

/**
 * RFC 3986 normalisation of a request path (§6.2.2), shared by the edge (cache keys) and the origin (purge
 * prefixes and patterns), so a purge names exactly the keys the edge stores: percent-encoded unreserved characters
 * decoded ({@code %31} is {@code 1}, {@code %2e} is {@code .}), other percent-encodings upper-cased, dot segments
 * removed (§5.2.4). Nothing else is collapsed ({@code //} stays, {@code %2F} stays encoded).
 */
public final class CanonicalPath {
    private static final String HEX = "0123456789ABCDEF";

    private CanonicalPath() {
    }

    /** A path that cannot be made canonical: bad percent-encoding, control characters. */
    public static class InvalidPathException extends IllegalArgumentException {
        public InvalidPathException(String message) {
            super(message);
        }
    }

    /**
     * The canonical form of {@code rawPath}; an empty or missing path is {@code /}, one without a leading slash gets
     * one.
     *
     * @throws InvalidPathException on a malformed percent-encoding or a control character (raw or encoded)
     */
    public static String of(String rawPath) {
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
                throw new InvalidPathException("control character in the request target");
            }
            if (c != '%') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw new InvalidPathException("malformed percent-encoding in the request target");
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new InvalidPathException("malformed percent-encoding in the request target");
            }
            int value = hi * 16 + lo;
            if (value < 0x20 || value == 0x7f) {
                throw new InvalidPathException("encoded control character in the request target");
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
    public static String removeDotSegments(String path) {
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
}
