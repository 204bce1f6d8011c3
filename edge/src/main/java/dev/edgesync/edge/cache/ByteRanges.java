package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A {@code Range} request against a complete stored representation (RFC 9110 §14): what to answer, decided without
 * I/O. An invalid {@code Range} (another unit, bad syntax, {@code last < first}) or an {@code If-Range} that does not
 * match is ignored: the whole representation is sent ({@code 200}). No satisfiable range: {@code 416}. Overlapping or
 * adjacent ranges are coalesced; more than {@link #MAX_RANGES} ranges are ignored (one request must not make the
 * edge send many copies of the same bytes).
 */
public final class ByteRanges {
    public static final int MAX_RANGES = 16;

    /** What to send. */
    public sealed interface Answer permits Whole, Partial, Unsatisfiable {
    }

    /** The whole representation, as without {@code Range}. */
    public record Whole() implements Answer {
    }

    /** {@code 206}: one part ({@code Content-Range}) or several ({@code multipart/byteranges}), in order. */
    public record Partial(List<Span> spans, long length) implements Answer {
        public Partial {
            spans = List.copyOf(spans);
        }
    }

    /** {@code 416} with {@code Content-Range: bytes *}/length. */
    public record Unsatisfiable(long length) implements Answer {
    }

    /** Bytes {@code first} to {@code last}, both included. */
    public record Span(long first, long last) {
        public long size() {
            return last - first + 1;
        }

        public String contentRange(long length) {
            return "bytes " + first + "-" + last + "/" + length;
        }
    }

    private ByteRanges() {
    }

    /**
     * @param range the request's {@code Range}, null when absent
     * @param ifRange the request's {@code If-Range}, null when absent
     * @param etag the stored response's {@code ETag}, null when none
     * @param lastModified the stored response's {@code Last-Modified}, null when none
     * @param date the stored response's {@code Date}, null when none (then a date in {@code If-Range} never matches)
     * @param length the size of the stored body
     */
    public static Answer decide(String range, String ifRange, String etag, String lastModified, String date,
            long length) {
        if (range == null || !ifRangeMatches(ifRange, etag, lastModified, date)) {
            return new Whole();
        }
        String r = range.trim();
        int eq = r.indexOf('=');
        if (eq < 0 || !r.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole();
        }
        List<Span> spans = new ArrayList<>();
        int specs = 0;
        for (String part : r.substring(eq + 1).split(",", -1)) {
            String spec = part.trim();
            if (spec.isEmpty()) {
                continue; // RFC 9110 §5.6.1: empty list elements are ignored
            }
            if (++specs > MAX_RANGES) {
                return new Whole();
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Whole();
            }
            OptionalLong first = digits(spec.substring(0, dash).trim());
            OptionalLong last = digits(spec.substring(dash + 1).trim());
            boolean firstEmpty = spec.substring(0, dash).isBlank();
            boolean lastEmpty = spec.substring(dash + 1).isBlank();
            if (firstEmpty) { // suffix: the last n bytes
                if (last.isEmpty()) {
                    return new Whole();
                }
                if (last.getAsLong() > 0 && length > 0) {
                    spans.add(new Span(Math.max(0, length - last.getAsLong()), length - 1));
                }
                continue;
            }
            if (first.isEmpty() || (!lastEmpty && last.isEmpty())) {
                return new Whole();
            }
            if (!lastEmpty && last.getAsLong() < first.getAsLong()) {
                return new Whole();
            }
            if (first.getAsLong() < length) {
                spans.add(new Span(first.getAsLong(), lastEmpty ? length - 1 : Math.min(last.getAsLong(), length - 1)));
            }
        }
        if (specs == 0) {
            return new Whole();
        }
        if (spans.isEmpty()) {
            return new Unsatisfiable(length);
        }
        return new Partial(spans.size() == 1 ? spans : coalesced(spans), length);
    }

    /**
     * RFC 9110 §13.1.5: a strong entity tag equal to the stored one, or a date equal to its {@code Last-Modified} when
     * that is a strong validator (§8.8.2.2: at least one second before the response's {@code Date}; a change within
     * the second it names could have left it unchanged).
     */
    public static boolean ifRangeMatches(String ifRange, String etag, String lastModified, String date) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return etag != null && !v.startsWith("W/") && !etag.trim().startsWith("W/") && v.equals(etag.trim());
        }
        OptionalLong asked = HttpDate.parse(v);
        OptionalLong modified = HttpDate.parse(lastModified);
        OptionalLong sent = HttpDate.parse(date);
        return asked.isPresent() && modified.isPresent() && sent.isPresent()
                && sent.getAsLong() - modified.getAsLong() >= 1000 && asked.getAsLong() == modified.getAsLong();
    }

    /** The spans in request order (RFC 9110 §14.6), or sorted and merged when some overlap or touch. */
    private static List<Span> coalesced(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::first));
        boolean touching = false;
        for (int i = 1; i < sorted.size(); i++) {
            touching |= sorted.get(i).first() <= sorted.get(i - 1).last() + 1;
        }
        if (!touching) {
            return spans;
        }
        List<Span> out = new ArrayList<>();
        Span current = sorted.get(0);
        for (Span next : sorted.subList(1, sorted.size())) {
            if (next.first() <= current.last() + 1) {
                current = new Span(current.first(), Math.max(current.last(), next.last()));
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return out;
    }

    private static OptionalLong digits(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(s));
    }
}
