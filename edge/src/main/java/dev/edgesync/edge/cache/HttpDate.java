package dev.edgesync.edge.cache;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms when reading. */
public final class HttpDate {
    private static final DateTimeFormatter IMF = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** IMF-fixdate as RFC 9110 writes it (two-digit day; RFC_1123_DATE_TIME would write {@code 6 Nov}). */
    private static final DateTimeFormatter IMF_OUT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);
    /**
     * The exact IMF-fixdate shape: {@link DateTimeFormatter#RFC_1123_DATE_TIME} alone also takes a one-digit hour or
     * day, no seconds, no day name or a numeric zone, which RFC 9110 §5.6.7 does not (such an {@code Expires} is
     * invalid, so already expired). A one-digit day is still read: earlier versions of this edge wrote such dates.
     */
    private static final Pattern IMF_FIXDATE = Pattern.compile(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
                    + "\\d{2}:\\d{2}:\\d{2} GMT");
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
        long fixdate = fixdate(v);
        if (fixdate != NOT_FIXDATE) {
            return fixdate == INVALID ? OptionalLong.empty() : OptionalLong.of(fixdate);
        }
        if (IMF_FIXDATE.matcher(v).matches()) {
            try {
                return OptionalLong.of(ZonedDateTime.parse(v, IMF).toInstant().toEpochMilli());
            } catch (DateTimeParseException e) {
                return OptionalLong.empty(); // e.g. 31 Feb, or a day name that does not match the date
            }
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

    private static final long NOT_FIXDATE = Long.MIN_VALUE;
    private static final long INVALID = Long.MIN_VALUE + 1;
    private static final String DAYS = "MonTueWedThuFriSatSun";
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /**
     * The exact IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT}, the form every origin sends, read field by field
     * (the regular expression and the formatter cost 1.7 % of a miss's CPU, a fill reading several dates): epoch ms,
     * {@link #INVALID} when it has the shape but not a real date (31 Feb, a day name that does not match), or
     * {@link #NOT_FIXDATE} for any other shape, which the general path below reads.
     */
    private static long fixdate(String v) {
        if (v.length() != 29 || v.charAt(3) != ',' || v.charAt(4) != ' ' || v.charAt(7) != ' ' || v.charAt(11) != ' '
                || v.charAt(16) != ' ' || v.charAt(19) != ':' || v.charAt(22) != ':' || !v.endsWith(" GMT")) {
            return NOT_FIXDATE;
        }
        int dayName = DAYS.indexOf(v.substring(0, 3));
        int month = MONTHS.indexOf(v.substring(8, 11));
        int day = digits(v, 5, 2);
        int year = digits(v, 12, 4);
        int hour = digits(v, 17, 2);
        int minute = digits(v, 20, 2);
        int second = digits(v, 23, 2);
        if (dayName < 0 || dayName % 3 != 0 || month < 0 || month % 3 != 0 || (day | year | hour | minute | second) < 0) {
            return NOT_FIXDATE;
        }
        try {
            LocalDate date = LocalDate.of(year, month / 3 + 1, day);
            if (date.getDayOfWeek().ordinal() != dayName / 3) {
                return INVALID;
            }
            return date.atTime(hour, minute, second).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException e) {
            return INVALID; // 31 Feb, hour 24, second 61
        }
    }

    /** The number in {@code count} ASCII digits of {@code v} from {@code at}, or -1. */
    private static int digits(String v, int at, int count) {
        int n = 0;
        for (int i = at; i < at + count; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    public static String format(long epochMs) {
        return IMF_OUT.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(epochMs), ZoneOffset.UTC));
    }
}
