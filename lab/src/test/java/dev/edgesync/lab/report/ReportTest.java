package dev.edgesync.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.demo.DemoResult;
import dev.edgesync.lab.demo.DemoRunner;
import dev.edgesync.lab.load.LoadAnalysisTestAccess;
import dev.edgesync.lab.load.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void seedTableHasTheSeedShape() {
        String table = ResultTables.seedTable(LoadAnalysisTestAccess.analyzed());
        String[] lines = table.split("\n");
        assertEquals("| Region  | Strategy | Requests | Hit Ratio | P99 Latency | Stale Hits |", lines[0]);
        assertTrue(lines[1].matches("\\|[-|]+"), lines[1]);
        assertTrue(lines[2].startsWith("| US East | Eager    |"), lines[2]);
        assertTrue(lines[2].contains("90.00%"), lines[2]);
        assertTrue(lines[3].startsWith("| EU West | Lazy     |"), lines[3]);
        assertTrue(lines[4].startsWith("| Overall | Mixed    |"), lines[4]);
        assertEquals(5, lines.length);
    }

    @Test
    void regionTitles() {
        assertEquals("US East", TextTable.regionTitle("us-east"));
        assertEquals("AP South", TextTable.regionTitle("ap-south"));
        assertEquals("Frankfurt 2", TextTable.regionTitle("frankfurt-2"));
    }

    @Test
    void runsRoundTripIntoASelfContainedReport() throws Exception {
        RunStore store = new RunStore(dir.resolve("runs"));
        LoadResult load = LoadAnalysisTestAccess.analyzed();
        store.save("load", load);
        store.save("compare", new HtmlReport.CompareRun(load, load));
        DemoResult.RegionTimeline timeline = DemoRunner.timeline("us-east", new RegionPolicy(Strategy.EAGER, 100),
                List.of(new DemoResult.Sample(10, 200, 1, "HIT"), new DemoResult.Sample(120, 200, 2, "MISS"),
                        new DemoResult.Sample(130, 200, 2, "HIT")), 2);
        DemoResult demo = new DemoResult("7", 1, 2, 0, 5, List.of(timeline), null);
        store.save("demo", new DemoResult("7", 1, 2, 0, 5, List.of(timeline), DemoRunner.svg(demo)));
        Files.writeString(store.dir().resolve("zz-not-ours.json"), "{\"something\":1}");

        List<RunStore.StoredRun> runs = store.last(10);
        assertEquals(3, runs.size());
        assertEquals(List.of("load", "compare", "demo"), runs.stream().map(RunStore.StoredRun::kind).toList());
        String html = HtmlReport.render(runs);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no external resources");
        assertFalse(html.contains("Cannot read"), html);
        assertTrue(html.contains("Latency distribution per region"));
        assertTrue(html.contains("Hit ratio over time"));
        assertTrue(html.contains("Staleness window per update"));
        assertTrue(html.contains("Hit ratio: eager vs lazy"));
        assertTrue(html.contains("Content 7: v1 to v2"));
        assertTrue(html.split("<svg").length - 1 >= 9, "charts inline");
        assertEquals(1, store.last(1).size());
        assertEquals("demo", store.last(1).get(0).kind());
    }

    @Test
    void everySavedRunGetsItsOwnPageBesideItForTheConsole() throws Exception {
        RunStore store = new RunStore(dir.resolve("runs"));
        LoadResult load = LoadAnalysisTestAccess.analyzed();
        Path compare = store.save("compare", new HtmlReport.CompareRun(load, load));
        Path page = RunStore.pageOf(compare);
        assertEquals(compare.getFileName().toString().replace(".json", ".html"), page.getFileName().toString());
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("hit ratio eager"), "the run's summary line: " + html);
        assertTrue(html.contains("Hit ratio: eager vs lazy"), "the run's charts");
        assertTrue(html.contains("<svg"), "pictures inline");
        assertFalse(html.contains("<script"), "no scripts");
        assertEquals(1, store.last(10).size(), "the page is not read back as a run");
    }

    @Test
    void textTableAlignsNumbersRight() {
        String t = new TextTable("name", "n").row("a", "1").row("bbb", "1,000").toString();
        assertEquals("name      n\n----  -----\na         1\nbbb   1,000\n", t);
    }

    @Test
    void svgEscapesText() {
        assertTrue(Svg.bars("<b>&", "y", List.of("x\"1"), Map.of("s'", new double[] {1})).contains("&lt;b&gt;&amp;"));
        assertEquals(1, Svg.niceMax(0));
        assertEquals(250, Svg.niceMax(201));
    }

    @Test
    void chaosRunGetsItsTableAndAStalenessPictureWithTheFaultWindow() throws Exception {
        var fault = new dev.edgesync.lab.chaos.FaultResult("kafka-pause", "Kafka frozen", null, 0, 5_000, 13_000, 1200, 40,
                3, 17, Map.of("LAZY_UNMARKED_AFTER_DUE", 17), 0, 0, 0, 2_500, List.of("eu-west served v1"),
                Map.of("eu-west", List.of(new double[] {4.0, 320}, new double[] {9.0, 8_900})));
        var result = new dev.edgesync.lab.chaos.ChaosResult("r1", 0, 60_000, 20_000, 8_000, List.of("eu-west"), List.of(fault));
        RunStore store = new RunStore(dir);
        store.save("chaos", result);
        String html = HtmlReport.render(store.last(10));
        assertTrue(html.contains("1 fault(s), 17 bound violation(s), 0 lost invalidation(s)"), html);
        assertTrue(html.contains("Staleness window per update: kafka-pause"), html);
        assertTrue(html.contains("fill=\"#fed7d7\""), "fault window not drawn");
        assertFalse(html.contains("Cannot read"), html);
    }

    @Test
    void aWarmingComparisonGetsItsTableAndSummaryOnItsPage() throws Exception {
        RunStore store = new RunStore(dir.resolve("runs"));
        var result = new dev.edgesync.lab.warming.WarmingExperiment.WarmingResult(
                new dev.edgesync.lab.warming.WarmingExperiment.Options(10, 20, 100, 300), List.of(
                        new dev.edgesync.lab.warming.WarmingExperiment.RegionRow("warming-on", true, 200, 200, 20, 20, 1.3, 10.4),
                        new dev.edgesync.lab.warming.WarmingExperiment.RegionRow("warming-off", false, 200, 180, 20, 0, 1.8, 40.1)));
        String html = Files.readString(RunStore.pageOf(store.save("compare-warming", result)));
        assertTrue(html.contains("hit ratio with warming 100.00% vs without 90.00%"), html);
        assertTrue(java.util.regex.Pattern.compile("(?m)^warming-off\\s+off\\s+200\\s+90\\.0%\\s+20\\s+-\\s+1\\.8\\s+40\\.1$")
                .matcher(html).find(), html);
        assertFalse(html.contains("Unknown kind") || html.contains("Cannot read"), html);
    }
}
