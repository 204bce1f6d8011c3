package dev.edgesync.edge.cache;

import java.util.Locale;

/**
 * Stored partial content (RFC 9111 §3.3, §3.4), decided without I/O: which part a {@code 206} carries, whether a
 * stored part answers a {@code Range} request, and when two parts combine. A part is the single range of a
 * {@code 206} whose {@code Content-Range} gives the complete length ({@code bytes first-last/length}); a
 * {@code multipart/byteranges} 206 or an unknown length ({@code /*}) is not stored. Parts combine only when both have
 * the same strong {@code ETag} (RFC 9111 §3.4: a weak or missing validator cannot show the parts are of one
 * representation) and the same length, and overlap or touch.
 */
public final class PartialContent {

    /** Bytes {@code first} to {@code last} (both included) of a {@code length}-byte representation. */
    public record Part(long first, long last, long length) {
        public long size() {
            return last - first + 1;
        }

        public boolean complete() {
            return first == 0 && last == length - 1;
        }

        public boolean contains(ByteRanges.Span span) {
            return span.first() >= first && span.last() <= last;
        }

        public String contentRange() {
            return "bytes " + first + "-" + last + "/" + length;
        }
    }

    /** A part and its bytes. */
    public record Piece(Part part, byte[] body) {
    }

    private PartialContent() {
    }

    /**
     * The part a 206 carries, or null when it cannot be stored: no or malformed {@code Content-Range}, unknown
     * length, a body whose size does not match, a multipart body.
     */
    public static Part of(String contentRange, String contentType, int bodyLength) {
        if (contentRange == null || (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/byteranges"))) {
            return null;
        }
        String s = contentRange.trim();
        if (!s.regionMatches(true, 0, "bytes ", 0, 6)) {
            return null;
        }
        s = s.substring(6).trim();
        int dash = s.indexOf('-');
        int slash = s.indexOf('/');
        if (dash <= 0 || slash < dash) {
            return null;
        }
        try {
            long first = Long.parseLong(s.substring(0, dash).trim());
            long last = Long.parseLong(s.substring(dash + 1, slash).trim());
            long length = Long.parseLong(s.substring(slash + 1).trim());
            if (first < 0 || last < first || last >= length || last - first + 1 != bodyLength) {
                return null;
            }
            return new Part(first, last, length);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A strong entity tag ({@code "x"}, not {@code W/"x"}): only those let parts combine. */
    public static boolean strong(String etag) {
        return etag != null && etag.trim().startsWith("\"");
    }

    /**
     * The stored part's answer to {@code range}: the one span it asks for when the part holds all of it, else null
     * (several ranges, an invalid or unsatisfiable range, bytes outside the part: ask the origin).
     */
    public static ByteRanges.Span answerable(Part part, String range) {
        if (range == null) {
            return null;
        }
        ByteRanges.Answer answer = ByteRanges.decide(range, null, null, null, part.length());
        if (answer instanceof ByteRanges.Partial p && p.spans().size() == 1 && part.contains(p.spans().get(0))) {
            return p.spans().get(0);
        }
        return null;
    }

    /** The bytes of {@code span} out of a stored part. */
    public static byte[] slice(Piece piece, ByteRanges.Span span) {
        int from = (int) (span.first() - piece.part().first());
        return java.util.Arrays.copyOfRange(piece.body(), from, from + (int) span.size());
    }

    /**
     * Two parts of the same representation as one, or null when they do not combine (different validators or lengths,
     * a weak or missing {@code ETag}, a gap between them).
     */
    public static Piece combine(Piece stored, String storedEtag, Piece received, String receivedEtag) {
        Part a = stored.part();
        Part b = received.part();
        if (!strong(storedEtag) || !storedEtag.trim().equals(receivedEtag == null ? null : receivedEtag.trim())
                || a.length() != b.length() || b.first() > a.last() + 1 || a.first() > b.last() + 1) {
            return null;
        }
        long first = Math.min(a.first(), b.first());
        long last = Math.max(a.last(), b.last());
        byte[] body = new byte[(int) (last - first + 1)];
        // the received part's bytes win where the two overlap
        System.arraycopy(stored.body(), 0, body, (int) (a.first() - first), stored.body().length);
        System.arraycopy(received.body(), 0, body, (int) (b.first() - first), received.body().length);
        return new Piece(new Part(first, last, a.length()), body);
    }
}
