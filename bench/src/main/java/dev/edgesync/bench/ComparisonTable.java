package dev.edgesync.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of the comparison: per cache and measure, one value per round; the table shows each median and its
 * ratio to the first cache (nginx).
 */
final class ComparisonTable {
    enum Metric {
        HIT_1K, HIT_64K, P50_MS, P99_MS, P999_MS, ZIPF_RPS, ZIPF_ANSWERED, ZIPF_FINISHED, STORM_FETCHES,
        STORM_SLOWEST_MS,
        /** When the storm's one origin fetch arrived, ms after the storm's first request was sent. */
        STORM_ASKED_MS,
        /** The caching tier core's busy CPU µs per request ({@link CoreTime}). */
        HIT_1K_TIER_US, HIT_64K_TIER_US, ZIPF_TIER_US,
        /** Busy shares (0 to 1) of the tier's and the load generators' cores during the hit run. */
        HIT_1K_TIER_BUSY, HIT_1K_LOAD_BUSY, HIT_64K_TIER_BUSY, HIT_64K_LOAD_BUSY
    }

    /**
     * A hit run is bounded by its load generator, not by the cache, when the load core was this busy while the tier's
     * core still had this much idle time: its req/s then measures the client, and the tier's CPU per request is the
     * cache's figure.
     */
    static final double LOAD_SATURATED = 0.95;
    static final double TIER_IDLE = 0.10;

    /** The settings the row labels name. */
    record Setup(int connections, int rate, int zipfObjects, int zipfRequests, int zipfLimitSeconds, int stormRequests,
            int stormDelayMs) {
    }

    private final Setup setup;
    private final Map<String, String> columns = new LinkedHashMap<>();
    private final Map<String, EnumMap<Metric, List<Double>>> samples = new LinkedHashMap<>();

    /** {@code columns}: cache name to column title, the first being the base of the ratios. */
    ComparisonTable(Setup setup, Map<String, String> columns) {
        this.setup = setup;
        this.columns.putAll(columns);
        columns.keySet().forEach(c -> samples.put(c, new EnumMap<>(Metric.class)));
    }

    void add(String cache, Metric metric, double value) {
        samples.get(cache).computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
    }

    OptionalDouble median(String cache, Metric metric) {
        List<Double> values = samples.getOrDefault(cache, new EnumMap<>(Metric.class)).get(metric);
        return values == null || values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(values));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String ratio(double value, double base) {
        return base <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", value / base);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| measure |");
        columns.values().forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append('\n').append("|---|");
        columns.keySet().forEach(c -> sb.append("---|"));
        sb.append('\n');
        row(sb, String.format(Locale.ROOT, "hit 1 KiB, `wrk -t2 -c%d`, req/s", setup.connections()), this::hit1k);
        row(sb, String.format(Locale.ROOT, "hit 64 KiB, `wrk -t2 -c%d`, req/s", setup.connections()), this::hit64k);
        row(sb, String.format(Locale.ROOT, "fixed %,d req/s (h2load, open loop): P50 / P99 / P99.9 ms", setup.rate()),
                this::latency);
        row(sb, String.format(Locale.ROOT, "Zipf (s = 1) over %,d objects from a cold cache, %,d requests, req/s",
                setup.zipfObjects(), setup.zipfRequests()), this::zipf);
        row(sb, "caching tier's CPU per request (its whole core: cache, Redis, origin, kernel), µs: hit 1 KiB / "
                + "hit 64 KiB / Zipf", this::tierCpu);
        row(sb, String.format(Locale.ROOT, "%,d concurrent requests for one cold key (origin answers in %d ms): origin "
                + "fetches / slowest answer", setup.stormRequests(), setup.stormDelayMs()), this::storm);
        return sb.toString();
    }

    private interface Cell {
        String text(String cache, boolean base);
    }

    private void row(StringBuilder sb, String label, Cell cell) {
        sb.append("| ").append(label).append(" |");
        boolean first = true;
        for (String c : columns.keySet()) {
            sb.append(' ').append(cell.text(c, first)).append(" |");
            first = false;
        }
        sb.append('\n');
    }

    private String base() {
        return columns.keySet().iterator().next();
    }

    private String rate(String cache, boolean base, Metric m) {
        OptionalDouble v = median(cache, m);
        if (v.isEmpty()) {
            return "—";
        }
        String text = String.format(Locale.ROOT, "%,.0f", v.getAsDouble());
        OptionalDouble b = median(base(), m);
        return base || b.isEmpty() ? text : text + " (" + ratio(v.getAsDouble(), b.getAsDouble()) + ")";
    }

    private String hit1k(String cache, boolean base) {
        return rate(cache, base, Metric.HIT_1K) + clientBound(cache, Metric.HIT_1K_TIER_BUSY, Metric.HIT_1K_LOAD_BUSY);
    }

    private String hit64k(String cache, boolean base) {
        return rate(cache, base, Metric.HIT_64K)
                + clientBound(cache, Metric.HIT_64K_TIER_BUSY, Metric.HIT_64K_LOAD_BUSY);
    }

    /** A mark on a hit cell whose median round saturated the load core, not the tier's: it measured the client. */
    private String clientBound(String cache, Metric tierBusy, Metric loadBusy) {
        OptionalDouble tier = median(cache, tierBusy);
        OptionalDouble load = median(cache, loadBusy);
        if (tier.isEmpty() || load.isEmpty() || load.getAsDouble() < LOAD_SATURATED
                || tier.getAsDouble() > 1 - TIER_IDLE) {
            return "";
        }
        return String.format(Locale.ROOT, " [load core %.0f %% busy, tier core %.0f %%: client-bound]",
                100 * load.getAsDouble(), 100 * tier.getAsDouble());
    }

    /** The three CPU figures, each with its ratio to the base's (below 1: less CPU than nginx for the same work). */
    private String tierCpu(String cache, boolean base) {
        List<String> values = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        for (Metric m : List.of(Metric.HIT_1K_TIER_US, Metric.HIT_64K_TIER_US, Metric.ZIPF_TIER_US)) {
            OptionalDouble v = median(cache, m);
            OptionalDouble b = median(base(), m);
            values.add(v.isEmpty() ? "—" : String.format(Locale.ROOT, "%.1f", v.getAsDouble()));
            ratios.add(v.isEmpty() || b.isEmpty() ? "—" : ratio(v.getAsDouble(), b.getAsDouble()));
        }
        if (values.stream().allMatch("—"::equals)) {
            return "—";
        }
        String text = String.join(" / ", values);
        return base ? text : text + " (" + String.join(" / ", ratios) + ")";
    }

    private String latency(String cache, boolean base) {
        OptionalDouble p50 = median(cache, Metric.P50_MS);
        OptionalDouble p99 = median(cache, Metric.P99_MS);
        OptionalDouble p999 = median(cache, Metric.P999_MS);
        if (p50.isEmpty() || p99.isEmpty() || p999.isEmpty()) {
            return "—";
        }
        String text = String.format(Locale.ROOT, "%.2f / %.2f / %.2f", p50.getAsDouble(), p99.getAsDouble(),
                p999.getAsDouble());
        OptionalDouble b = median(base(), Metric.P99_MS);
        return base || b.isEmpty() ? text : text + " (P99 " + ratio(p99.getAsDouble(), b.getAsDouble()) + ")";
    }

    private String zipf(String cache, boolean base) {
        OptionalDouble rps = median(cache, Metric.ZIPF_RPS);
        if (rps.isEmpty()) {
            return "—";
        }
        List<String> notes = new ArrayList<>();
        OptionalDouble b = median(base(), Metric.ZIPF_RPS);
        if (!base && b.isPresent()) {
            notes.add(ratio(rps.getAsDouble(), b.getAsDouble()));
        }
        List<Double> finished = samples.get(cache).getOrDefault(Metric.ZIPF_FINISHED, List.of());
        if (finished.contains(0.0)) {
            notes.add(String.format(Locale.ROOT, "did not finish its quota in %d s: %,.0f answered", setup
                    .zipfLimitSeconds(), median(cache, Metric.ZIPF_ANSWERED).orElse(0)));
        }
        String text = String.format(Locale.ROOT, "%,.0f", rps.getAsDouble());
        return notes.isEmpty() ? text : text + " (" + String.join("; ", notes) + ")";
    }

    private String storm(String cache, boolean base) {
        // the most fetches of any round: one extra fetch in one round is what collapsing must not do
        OptionalDouble fetches = samples.get(cache).getOrDefault(Metric.STORM_FETCHES, List.of()).stream()
                .mapToDouble(Double::doubleValue).max();
        OptionalDouble slowest = median(cache, Metric.STORM_SLOWEST_MS);
        if (fetches.isEmpty() || slowest.isEmpty()) {
            return "—";
        }
        String text = String.format(Locale.ROOT, "%,.0f / %,.0f ms", fetches.getAsDouble(), slowest.getAsDouble());
        OptionalDouble asked = median(cache, Metric.STORM_ASKED_MS);
        return asked.isEmpty() ? text
                : text + String.format(Locale.ROOT, " (origin asked at %,.0f ms)", asked.getAsDouble());
    }

    /** Every round's value, per cache and measure: the medians' raw material. */
    String rounds() {
        StringBuilder sb = new StringBuilder();
        samples.forEach((cache, metrics) -> metrics.forEach((metric, values) -> sb.append("- ").append(cache)
                .append(' ').append(metric.name().toLowerCase(Locale.ROOT)).append(": ")
                .append(values.stream().map(v -> String.format(Locale.ROOT, v == Math.rint(v) ? "%,.0f" : "%,.2f", v))
                        .collect(java.util.stream.Collectors.joining(", "))).append('\n')));
        return sb.toString();
    }
}
