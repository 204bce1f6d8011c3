package dev.edgesync.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** How the benchmark writes its figures, and the histogram its percentiles come from. */
final class Figures {
    private Figures() {
    }

    /** An auto-resizing histogram of non-negative values, three significant digits. */
    static Histogram histogram() {
        return new Histogram(3);
    }

    static Histogram histogram(Collection<Long> values) {
        Histogram h = histogram();
        values.forEach(h::recordValue);
        return h;
    }

    /** Microseconds as milliseconds with two decimals. */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String pct(long part, long total) {
        return total == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / total);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** "HIT=3, MISS=1": how often each value occurs, sorted. */
    static String tally(Collection<String> values) {
        Map<String, Integer> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.toString().replace("{", "").replace("}", "");
    }
}
