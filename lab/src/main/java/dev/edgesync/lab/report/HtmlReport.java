package dev.edgesync.lab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edgesync.lab.check.Staleness;
import dev.edgesync.lab.demo.DemoResult;
import dev.edgesync.lab.load.LoadResult;
import dev.edgesync.lab.load.RegionResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One self-contained HTML page of stored runs: tables and inline SVG charts, no scripts and no
 * external resources, so it opens offline.
 */
public final class HtmlReport {
    private static final int MAX_UPDATES_CHARTED = 40;

    private HtmlReport() {
    }

    /** Compare runs as stored: both load results. */
    public record CompareRun(LoadResult eager, LoadResult lazy) {
    }

    public static String render(List<RunStore.StoredRun> runs) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>EdgeSync lab report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px;color:#1a202c}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #cbd5e0;padding:4px 8px;")
                .append("text-align:right}th{background:#edf2f7}td:first-child,th:first-child{text-align:left}")
                .append("h2{border-bottom:2px solid #2b6cb0;padding-bottom:4px;margin-top:2em}.bad{color:#9b2c2c;font-weight:bold}")
                .append(".good{color:#2f855a;font-weight:bold}svg{display:block;margin:1em 0}</style></head><body>\n");
        h.append("<h1>EdgeSync lab report</h1>\n<p>Generated ").append(Instant.now()).append(" from ").append(runs.size())
                .append(" run(s).</p>\n");
        if (runs.isEmpty()) {
            h.append("<p>No runs yet: run <code>edgesync load</code>, <code>edgesync compare</code> or "
                    + "<code>edgesync demo</code> or <code>edgesync chaos</code> first.</p>\n");
        }
        h.append("<table><tr><th>run</th><th>kind</th><th>when</th><th>summary</th></tr>\n");
        for (RunStore.StoredRun run : runs) {
            h.append("<tr><td><a href=\"#").append(anchor(run)).append("\">").append(Svg.esc(run.file().getFileName().toString()))
                    .append("</a></td><td>").append(Svg.esc(run.kind())).append("</td><td>")
                    .append(Instant.ofEpochMilli(run.createdAt())).append("</td><td>").append(Svg.esc(summary(run)))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (RunStore.StoredRun run : runs) {
            h.append("<section id=\"").append(anchor(run)).append("\">\n");
            section(h, run);
            h.append("</section>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /**
     * One run alone as a small HTML page (its summary, tables and pictures), written next to the run's JSON so the
     * origin's console can show the last runs without knowing the lab's result types.
     */
    public static String page(RunStore.StoredRun run) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Svg.esc(run.kind() + " " + run.file().getFileName())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1em;color:#1a202c}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #cbd5e0;padding:4px 8px;text-align:right}th{background:#edf2f7}")
                .append("td:first-child,th:first-child{text-align:left}.bad{color:#9b2c2c;font-weight:bold}")
                .append(".good{color:#2f855a;font-weight:bold}svg{display:block;margin:1em 0;max-width:100%}</style></head><body>\n");
        h.append("<p class=\"summary\">").append(Svg.esc(summary(run))).append("</p>\n");
        section(h, run);
        return h.append("</body></html>\n").toString();
    }

    private static void section(StringBuilder h, RunStore.StoredRun run) {
        try {
            switch (run.kind()) {
                case "load" -> load(h, "Load " + run.file().getFileName(), read(run, LoadResult.class));
                case "compare" -> compare(h, run, read(run, CompareRun.class));
                case "demo" -> demo(h, run, read(run, DemoResult.class));
                case "chaos" -> ChaosSection.render(h, "Chaos " + run.file().getFileName(),
                        read(run, dev.edgesync.lab.chaos.ChaosResult.class));
                case "compare-warming" -> h.append("<h2>Warming ").append(Svg.esc(run.file().getFileName().toString()))
                        .append("</h2>\n<pre>").append(Svg.esc(dev.edgesync.lab.warming.WarmingExperiment.table(
                                read(run, dev.edgesync.lab.warming.WarmingExperiment.WarmingResult.class))))
                        .append("</pre>\n");
                default -> h.append("<h2>").append(Svg.esc(run.kind())).append("</h2><p>Unknown kind.</p>\n");
            }
        } catch (RuntimeException e) {
            h.append("<h2>").append(Svg.esc(run.file().getFileName().toString())).append("</h2><p class=\"bad\">Cannot read: ")
                    .append(Svg.esc(e.getMessage())).append("</p>\n");
        }
    }

    private static <T> T read(RunStore.StoredRun run, Class<T> type) {
        try {
            return RunStore.JSON.treeToValue(run.result(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    private static String anchor(RunStore.StoredRun run) {
        return "run-" + run.file().getFileName().toString().replaceAll("[^A-Za-z0-9-]", "-");
    }

    private static String summary(RunStore.StoredRun run) {
        try {
            return switch (run.kind()) {
                case "load" -> {
                    LoadResult r = read(run, LoadResult.class);
                    yield String.format("%,d reads, hit ratio %s, %d writes, %s", r.overall().requests(),
                            TextTable.percent(r.overall().hitRatio()), r.writes(), verdict(r));
                }
                case "compare" -> {
                    CompareRun c = read(run, CompareRun.class);
                    yield "hit ratio eager " + TextTable.percent(c.eager().overall().hitRatio()) + " vs lazy "
                            + TextTable.percent(c.lazy().overall().hitRatio());
                }
                case "demo" -> {
                    DemoResult d = read(run, DemoResult.class);
                    yield "content " + d.item() + " v" + d.oldVersion() + " to v" + d.newVersion() + (d.ok() ? ", converged"
                            : ", NOT ok");
                }
                case "chaos" -> ChaosSection.summary(read(run, dev.edgesync.lab.chaos.ChaosResult.class));
                case "compare-warming" -> {
                    var w = read(run, dev.edgesync.lab.warming.WarmingExperiment.WarmingResult.class);
                    yield "hit ratio with warming " + TextTable.percent(w.region(dev.edgesync.lab.warming.WarmingExperiment.WARM)
                            .hitRatio()) + " vs without " + TextTable.percent(w.region(dev.edgesync.lab.warming.WarmingExperiment.COLD)
                            .hitRatio());
                }
                default -> "";
            };
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    private static String verdict(LoadResult r) {
        return r.check() == null ? "not checked" : r.check().violations() == 0 ? "no violation"
                : r.check().violations() + " violation(s)";
    }

    static void load(StringBuilder h, String title, LoadResult r) {
        h.append("<h2>").append(Svg.esc(title)).append("</h2>\n");
        h.append(String.format("<p>%,d reads per region at %.0f req/s, %d items (Zipf %.2f), %d writes, seed %d, %.1f s. "
                + "Consistency: <span class=\"%s\">%s</span></p>%n", r.options().readsPerRegion(),
                r.options().ratePerRegion(), r.options().items(), r.options().zipfExponent(), r.writes(), r.options().seed(),
                r.durationMs() / 1000.0, r.check() != null && r.check().violations() == 0 ? "good" : "bad", verdict(r)));
        List<RegionResult> rows = new ArrayList<>(r.regions());
        rows.add(r.overall());
        h.append("<table><tr><th>region</th><th>strategy</th><th>requests</th><th>hit ratio</th><th>p50</th><th>p95</th>"
                + "<th>p99</th><th>stale served</th><th>origin fetches</th><th>errors</th><th>median window</th>"
                + "<th>worst window</th></tr>\n");
        for (RegionResult x : rows) {
            h.append("<tr><td>").append(Svg.esc(x.region())).append("</td><td>").append(Svg.esc(x.strategy()))
                    .append("</td><td>").append(TextTable.count(x.requests())).append("</td><td>")
                    .append(TextTable.percent(x.hitRatio())).append("</td><td>").append(TextTable.millis(x.p50()))
                    .append("</td><td>").append(TextTable.millis(x.p95())).append("</td><td>")
                    .append(TextTable.millis(x.p99())).append("</td><td>").append(x.stale()).append("</td><td>")
                    .append(x.originFetches() < 0 ? "-" : x.originFetches()).append("</td><td>").append(x.errors())
                    .append("</td><td>").append(TextTable.millisOrDash(x.medianWindowMs())).append("</td><td>")
                    .append(TextTable.millisOrDash(x.worstWindowMs())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (r.check() != null && !r.check().examples().isEmpty()) {
            h.append("<p class=\"bad\">First violations:</p><ul>");
            r.check().examples().forEach(e -> h.append("<li><code>").append(Svg.esc(e)).append("</code></li>"));
            h.append("</ul>\n");
        }
        // latency distribution
        List<String> buckets = new ArrayList<>();
        double[] bounds = LoadResult.LATENCY_BOUNDS_MS;
        for (double b : bounds) {
            buckets.add("\u2264" + Svg.fmt(b) + " ms");
        }
        buckets.add(">" + Svg.fmt(bounds[bounds.length - 1]) + " ms");
        Map<String, double[]> latency = new LinkedHashMap<>();
        r.latencyHistogram().forEach((region, counts) -> {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            double[] share = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                share[i] = total == 0 ? 0 : 100.0 * counts[i] / total;
            }
            latency.put(region, share);
        });
        h.append(Svg.bars("Latency distribution per region", "% of reads", buckets, latency));
        // hit ratio over time
        Map<String, List<double[]>> hitRatio = new LinkedHashMap<>();
        r.hitsPerSecond().forEach((region, seconds) -> {
            List<double[]> points = new ArrayList<>();
            for (int s = 0; s < seconds.size(); s++) {
                long[] v = seconds.get(s);
                if (v[0] > 0) {
                    points.add(new double[] {s, 100.0 * v[1] / v[0]});
                }
            }
            hitRatio.put(region, points);
        });
        h.append(Svg.lines("Hit ratio over time", "seconds since the start", "hit ratio %", hitRatio, 100.0));
        // staleness windows
        Map<String, List<Staleness.Window>> byUpdate = new LinkedHashMap<>();
        for (Staleness.Window w : r.windows()) {
            byUpdate.computeIfAbsent(w.item() + " v" + w.version(), k -> new ArrayList<>()).add(w);
        }
        List<String> updates = new ArrayList<>(byUpdate.keySet());
        if (updates.size() > MAX_UPDATES_CHARTED) {
            updates = updates.subList(0, MAX_UPDATES_CHARTED);
        }
        if (!updates.isEmpty()) {
            Map<String, double[]> windows = new LinkedHashMap<>();
            for (RegionResult region : r.regions()) {
                double[] values = new double[updates.size()];
                for (int i = 0; i < updates.size(); i++) {
                    for (Staleness.Window w : byUpdate.get(updates.get(i))) {
                        if (w.region().equals(region.region()) && w.windowMs() != null) {
                            values[i] = w.windowMs();
                        }
                    }
                }
                windows.put(region.region() + " (" + region.strategy() + ", " + region.delayMs() + " ms)", values);
            }
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                labels.add("#" + (i + 1) + " item " + updates.get(i));
            }
            h.append(Svg.bars("Staleness window per update (commit to first fresh read)", "ms", labels, windows));
        }
    }

    private static void compare(StringBuilder h, RunStore.StoredRun run, CompareRun c) {
        h.append("<h2>Compare ").append(Svg.esc(run.file().getFileName().toString())).append(": eager vs lazy</h2>\n");
        h.append("<pre>").append(Svg.esc(ResultTables.compareTable(c.eager(), c.lazy()))).append("</pre>\n");
        List<String> regions = new ArrayList<>();
        c.eager().regions().forEach(x -> regions.add(x.region()));
        regions.add("overall");
        chart(h, "Hit ratio", "%", regions, c, x -> 100 * x.hitRatio());
        chart(h, "Stale responses served", "responses", regions, c, RegionResult::stale);
        chart(h, "Origin load (origin fetches)", "fetches", regions, c, x -> Math.max(0, x.originFetches()));
        chart(h, "P99 latency", "ms", regions, c, RegionResult::p99);
        chart(h, "Worst staleness window", "ms", regions, c, x -> Math.max(0, x.worstWindowMs()));
        load(h, "Compare: eager run", c.eager());
        load(h, "Compare: lazy run", c.lazy());
    }

    private static void chart(StringBuilder h, String title, String unit, List<String> regions, CompareRun c,
            ToDoubleFunction<RegionResult> metric) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("eager", values(c.eager(), metric));
        series.put("lazy", values(c.lazy(), metric));
        h.append(Svg.bars(title + ": eager vs lazy", unit, regions, series));
    }

    private static double[] values(LoadResult r, ToDoubleFunction<RegionResult> metric) {
        List<RegionResult> rows = new ArrayList<>(r.regions());
        rows.add(r.overall());
        return rows.stream().mapToDouble(metric).toArray();
    }

    private static void demo(StringBuilder h, RunStore.StoredRun run, DemoResult d) {
        h.append("<h2>Demo ").append(Svg.esc(run.file().getFileName().toString())).append(": consistency timeline</h2>\n");
        h.append("<p>Content ").append(Svg.esc(d.item())).append(" from v").append(d.oldVersion()).append(" to v")
                .append(d.newVersion()).append(". <span class=\"").append(d.ok() ? "good\">converged, none early" : "bad\">NOT ok")
                .append("</span></p>\n");
        h.append("<table><tr><th>region</th><th>strategy</th><th>delay</th><th>first STALE</th><th>first new</th>"
                + "<th>before delay</th><th>reads</th></tr>\n");
        for (DemoResult.RegionTimeline t : d.regions()) {
            h.append("<tr><td>").append(Svg.esc(t.region())).append("</td><td>").append(Svg.esc(t.strategy()))
                    .append("</td><td>").append(t.delayMs()).append(" ms</td><td>")
                    .append(t.firstStaleMs() == null ? "-" : t.firstStaleMs() + " ms").append("</td><td>")
                    .append(t.firstNewMs() == null ? "-" : t.firstNewMs() + " ms").append("</td><td>")
                    .append(t.early() ? "<span class=\"bad\">" + Svg.esc(t.beforeDelay()) + "</span>" : "no").append("</td><td>")
                    .append(t.samples().size()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (d.svg() != null) {
            h.append(d.svg());
        }
    }
}
