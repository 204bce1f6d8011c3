package dev.edgesync.lab.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checker's findings: counts per region and kind, and the first examples. */
public final class CheckReport {
    public static final int EXAMPLES = 10;

    private final Map<String, Map<Violation.Kind, Integer>> counts = new LinkedHashMap<>();
    private final List<Violation> examples = new ArrayList<>();
    private final Map<String, Integer> readsChecked = new LinkedHashMap<>();
    private int total;

    void region(String region) {
        counts.computeIfAbsent(region, r -> new EnumMap<>(Violation.Kind.class));
        readsChecked.putIfAbsent(region, 0);
    }

    void checked(String region) {
        readsChecked.merge(region, 1, Integer::sum);
    }

    void add(Violation v) {
        region(v.region());
        counts.get(v.region()).merge(v.kind(), 1, Integer::sum);
        total++;
        if (examples.size() < EXAMPLES) {
            examples.add(v);
        }
    }

    void sortExamples() {
        examples.sort(java.util.Comparator.comparingLong((Violation v) -> v.read().start()));
    }

    public int total() {
        return total;
    }

    public boolean clean() {
        return total == 0;
    }

    public int count(String region, Violation.Kind kind) {
        return counts.getOrDefault(region, Map.of()).getOrDefault(kind, 0);
    }

    public int count(Violation.Kind kind) {
        return counts.values().stream().mapToInt(m -> m.getOrDefault(kind, 0)).sum();
    }

    public int count(String region) {
        return counts.getOrDefault(region, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    public List<String> regions() {
        return List.copyOf(counts.keySet());
    }

    public int readsChecked(String region) {
        return readsChecked.getOrDefault(region, 0);
    }

    public List<Violation> examples() {
        return List.copyOf(examples);
    }

    /** Counts as a plain map, for JSON. */
    public Map<String, Map<String, Integer>> countsByRegion() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        counts.forEach((region, kinds) -> {
            Map<String, Integer> m = new LinkedHashMap<>();
            for (Violation.Kind k : Violation.Kind.values()) {
                m.put(k.name(), kinds.getOrDefault(k, 0));
            }
            out.put(region, m);
        });
        return out;
    }

    /** A text block for people: one line per region, then the first examples. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("Consistency check: ").append(total == 0 ? "no violation" : total + " violation(s)").append('\n');
        out.append(String.format("  %-10s %8s %12s %14s %12s %12s%n", "region", "reads", "eager-stale",
                "lazy-unmarked", "region-back", "client-back"));
        for (String region : counts.keySet()) {
            out.append(String.format("  %-10s %8d %12d %14d %12d %12d%n", region, readsChecked(region),
                    count(region, Violation.Kind.EAGER_STALE_AFTER_DUE), count(region, Violation.Kind.LAZY_UNMARKED_AFTER_DUE),
                    count(region, Violation.Kind.REGION_WENT_BACK), count(region, Violation.Kind.CLIENT_WENT_BACK)));
        }
        if (!examples.isEmpty()) {
            out.append("  first examples:\n");
            for (Violation v : examples) {
                out.append("    ").append(v).append('\n');
            }
        }
        return out.toString();
    }
}
