package dev.edgesync.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One histogram of a Prometheus text scrape ({@code /q/metrics}), summed over its label sets: {@code sum},
 * {@code count} and the cumulative buckets as {@code le=<bound>}; and the bucket a quantile of the events between two
 * scrapes falls in.
 */
final class PrometheusHistogram {
    private PrometheusHistogram() {
    }

    static Map<String, Double> parse(String scrape, String name) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name)) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith(name + "_sum")) {
                out.merge("sum", value, Double::sum);
            } else if (line.startsWith(name + "_count")) {
                out.merge("count", value, Double::sum);
            } else if (line.startsWith(name + "_bucket")) {
                int le = line.indexOf("le=\"");
                out.merge("le=" + line.substring(le + 4, line.indexOf('"', le + 4)), value, Double::sum);
            }
        }
        return out;
    }

    /** The upper bound of the histogram bucket holding the q-th quantile of the events between two scrapes. */
    static String bucketPercentile(Map<String, Double> before, Map<String, Double> after, double q) {
        double total = after.getOrDefault("count", 0.0) - before.getOrDefault("count", 0.0);
        if (total <= 0) {
            return "n/a";
        }
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (e.getKey().startsWith("le=")) {
                String b = e.getKey().substring(3);
                double bound = b.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b);
                buckets.put(bound, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
            }
        }
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (b.getValue() >= q * total) {
                return b.getKey().isInfinite() ? "> last bucket"
                        : String.format(Locale.ROOT, "≤ %.0f ms", b.getKey() * 1000);
            }
        }
        return "n/a";
    }
}
