package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Stored partial content (RFC 9111 §3.3, §3.4), decided without I/O: which part a {@code 206} carries, whether a
 * stored part answers a {@code Range} request, and when two parts combine. A part is the single range of a
 * {@code 206} whose {@code Content-Range} gives the complete length ({@code bytes first-last/length}); a
 * {@code multipart/byteranges} 206 or an unknown length ({@code /*}) is not stored. Parts combine only when both have
 * the same strong {@code ETag} (RFC 9111 §3.4: a weak or missing validator cannot show the parts are of one
 * representation) and the same length; parts that overlap or touch become one, parts with gaps between them are kept
 * side by side ({@link Parts}, at most {@link #MAX_PARTS}).
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

    /** At most this many parts are kept per representation (they never overlap, so their bytes never exceed it). */
    public static final int MAX_PARTS = 8;

    /**
     * The parts stored of one representation: sorted, none overlapping or touching another (those are merged), all of
     * the same length. Stored as one entry whose {@code Content-Range} lists them ({@code bytes 0-2,8-10/11}, a form
     * only this class reads) and whose body is their bytes in that order.
     */
    public record Parts(List<Piece> pieces) {
        public Parts {
            pieces = List.copyOf(pieces);
        }

        public static Parts of(Piece piece) {
            return new Parts(List.of(piece));
        }

        public long length() {
            return pieces.get(0).part().length();
        }

        /** The stored form of {@code Content-Range}. */
        public String contentRange() {
            StringBuilder b = new StringBuilder("bytes ");
            for (int i = 0; i < pieces.size(); i++) {
                Part p = pieces.get(i).part();
                b.append(i == 0 ? "" : ",").append(p.first()).append('-').append(p.last());
            }
            return b.append('/').append(length()).toString();
        }

        /** Every part's bytes, in order. */
        public byte[] body() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            pieces.forEach(p -> out.writeBytes(p.body()));
            return out.toByteArray();
        }

        /** The complete representation when one part covers it, else null. */
        public Piece complete() {
            return pieces.size() == 1 && pieces.get(0).part().complete() ? pieces.get(0) : null;
        }

        /**
         * These parts and {@code received} (its bytes win where they overlap a stored part; parts it overlaps or
         * touches become one). Beyond {@link #MAX_PARTS}, the smallest stored parts are dropped: they save the least.
         */
        public Parts with(Piece received) {
            Piece merged = received;
            List<Piece> others = new ArrayList<>();
            for (Piece stored : pieces) {
                Piece both = merge(stored, merged);
                if (both == null) {
                    others.add(stored);
                } else {
                    merged = both;
                }
            }
            others.sort(Comparator.comparingLong((Piece p) -> p.part().size()).reversed());
            List<Piece> kept = new ArrayList<>(others.subList(0, Math.min(others.size(), MAX_PARTS - 1)));
            kept.add(merged);
            kept.sort(Comparator.comparingLong(p -> p.part().first()));
            return new Parts(kept);
        }

        /** The stored part and the one span of it that answers {@code range} (see {@link #answerable}), or null. */
        public Answer answer(String range) {
            for (Piece piece : pieces) {
                ByteRanges.Span span = answerable(piece.part(), range);
                if (span != null) {
                    return new Answer(piece, span);
                }
            }
            return null;
        }

        /** The parts an entry stored by {@link #contentRange()} and {@link #body()} holds, or null when malformed. */
        public static Parts decode(String contentRange, byte[] body) {
            if (contentRange == null || !contentRange.startsWith("bytes ")) {
                return null;
            }
            int slash = contentRange.lastIndexOf('/');
            try {
                long length = Long.parseLong(contentRange.substring(slash + 1));
                List<Piece> out = new ArrayList<>();
                int at = 0;
                for (String spec : contentRange.substring(6, slash).split(",")) {
                    int dash = spec.indexOf('-');
                    long first = Long.parseLong(spec.substring(0, dash));
                    long last = Long.parseLong(spec.substring(dash + 1));
                    int size = (int) (last - first + 1);
                    if (first < 0 || last < first || last >= length || at + size > body.length) {
                        return null;
                    }
                    out.add(new Piece(new Part(first, last, length), Arrays.copyOfRange(body, at, at + size)));
                    at += size;
                }
                return at == body.length && !out.isEmpty() ? new Parts(out) : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** A span a stored part answers, and that part. */
    public record Answer(Piece piece, ByteRanges.Span span) {
        public byte[] bytes() {
            return slice(piece, span);
        }
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
        ByteRanges.Answer answer = ByteRanges.decide(range, null, null, null, null, part.length());
        if (answer instanceof ByteRanges.Partial p && p.spans().size() == 1 && part.contains(p.spans().get(0))) {
            return p.spans().get(0);
        }
        return null;
    }

    /** The bytes of {@code span} out of a stored part. */
    public static byte[] slice(Piece piece, ByteRanges.Span span) {
        int from = (int) (span.first() - piece.part().first());
        return Arrays.copyOfRange(piece.body(), from, from + (int) span.size());
    }

    /**
     * The stored parts with a received one: added to them when both are of one representation ({@link #sameRepresentation}),
     * else the received part alone replaces them (it is the newer representation, or no validator shows otherwise).
     */
    public static Parts add(Parts stored, String storedEtag, Piece received, String receivedEtag) {
        if (stored == null || !sameRepresentation(storedEtag, receivedEtag) || stored.length() != received.part().length()) {
            return Parts.of(received);
        }
        return stored.with(received);
    }

    /** RFC 9111 §3.4: only equal strong {@code ETag}s show that two parts are of one representation. */
    static boolean sameRepresentation(String storedEtag, String receivedEtag) {
        return strong(storedEtag) && storedEtag.trim().equals(receivedEtag == null ? null : receivedEtag.trim());
    }

    /**
     * Two parts of the same representation as one, or null when they do not combine (different validators or lengths,
     * a weak or missing {@code ETag}, a gap between them).
     */
    public static Piece combine(Piece stored, String storedEtag, Piece received, String receivedEtag) {
        if (!sameRepresentation(storedEtag, receivedEtag)) {
            return null;
        }
        return merge(stored, received);
    }

    /** Two parts of one representation as one ({@code received} wins where they overlap), null when there is a gap. */
    private static Piece merge(Piece stored, Piece received) {
        Part a = stored.part();
        Part b = received.part();
        if (a.length() != b.length() || b.first() > a.last() + 1 || a.first() > b.last() + 1) {
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
