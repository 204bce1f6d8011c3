package dev.edgesync.edge.cache;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.OptionalLong;

/** HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms when reading. */
public final class HttpDate {
    private static final DateTimeFormatter IMF = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** RFC 850 without its day name (checked against a two-digit year, it would reject valid dates). */
    private static final DateTimeFormatter RFC850 = DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private HttpDate() {
    }

    /** Epoch ms of a date, or empty when absent or not a valid HTTP date (e.g. {@code Expires: 0}). */
    public static OptionalLong parse(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        String v = value.trim();
        try {
            return OptionalLong.of(ZonedDateTime.parse(v, IMF).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            // try the obsolete forms
        }
        try {
            int comma = v.indexOf(", ");
            LocalDateTime t = LocalDateTime.parse(comma < 0 ? v : v.substring(comma + 2), RFC850);
            if (t.getYear() > ZonedDateTime.now(ZoneOffset.UTC).getYear() + 50) {
                t = t.minusYears(100); // RFC 9110: a two-digit year more than 50 years ahead is in the past century
            }
            return OptionalLong.of(t.toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            return OptionalLong.of(LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC).toEpochMilli());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    public static String format(long epochMs) {
        return IMF.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(epochMs), ZoneOffset.UTC));
    }
}
