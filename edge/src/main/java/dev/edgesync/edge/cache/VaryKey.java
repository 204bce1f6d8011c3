package dev.edgesync.edge.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Secondary cache keys (RFC 9111 §4.1): the values of the request fields a response's {@code Vary} nominates,
 * normalised so that requests with the same meaning share a variant: field names are case-insensitive and sorted,
 * whitespace around list members and parameters is dropped, comma-separated members are sorted, and the values
 * of fields defined as case-insensitive ({@code Accept*}) are lower-cased; {@code Accept-Encoding} counts as the
 * coding it selects ({@link ContentCoding#negotiate}). An absent field differs from an empty one. {@code Vary: *} never matches (such responses are not stored).
 */
public final class VaryKey {
    private static final Pattern AROUND_SEMICOLON = Pattern.compile("\\s*;\\s*");
    private static final Pattern AROUND_EQUALS = Pattern.compile("\\s*=\\s*");
    private static final HexFormat HEX = HexFormat.of();
    /** Variant ids of {@code Vary: Accept-Encoding} alone, by input: br, gzip, identity or absent. */
    private static final java.util.Map<String, String> CODING_VARIANTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Set<String> CASE_INSENSITIVE = Set.of("accept", "accept-encoding", "accept-language",
            "accept-charset");
    /** Fields whose members must not be reordered. */
    private static final Set<String> ORDERED = Set.of("cookie", "authorization", "user-agent");

    private VaryKey() {
    }

    /** The field names of a {@code Vary} value, lower case, sorted, without duplicates; {@code ["*"]} for any. */
    public static List<String> names(String vary) {
        if (vary == null || vary.isBlank()) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        for (String name : vary.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("*")) {
                return List.of("*");
            }
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return List.copyOf(names);
    }

    /** The variant id of a request for a response varying on {@code names}; "" when it does not vary. */
    public static String variant(List<String> names, Function<String, String> requestHeader) {
        if (names.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String name : names) {
            b.append(name).append('\u0000');
            String value = requestHeader.apply(name);
            b.append(value == null ? "\u0001absent" : normalise(name, value)).append('\u0000');
        }
        String input = b.toString();
        if (names.size() == 1 && names.get(0).equals("accept-encoding")) {
            // the commonest Vary (every compressible response has it) has at most four ids: no hash on each hit
            return CODING_VARIANTS.computeIfAbsent(input, VaryKey::digest);
        }
        return digest(input);
    }

    private static String digest(String input) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String name, String value) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("accept-encoding")) {
            // one variant per coding the edge serves, as the fill asks the origin for it (ContentCoding)
            return ContentCoding.negotiate(value, Compressor.available());
        }
        String v = CASE_INSENSITIVE.contains(n) ? value.toLowerCase(Locale.ROOT) : value;
        List<String> members = new ArrayList<>();
        for (String member : v.split(",")) {
            String m = AROUND_EQUALS.matcher(AROUND_SEMICOLON.matcher(member.trim()).replaceAll(";")).replaceAll("=");
            if (!m.isEmpty()) {
                members.add(m);
            }
        }
        if (!ORDERED.contains(n)) {
            members.sort(null);
        }
        return String.join(",", members);
    }
}
