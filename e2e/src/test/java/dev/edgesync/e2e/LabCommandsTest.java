package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.lab.EdgeSyncCommand;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab's experiment commands against the real local topology, run in-process through picocli
 * exactly as {@code ./edgesync <command>} would, with only the seed regions' edges as targets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalTopology topology;
    private static List<RegionSpec> regions;
    private static Path runs;

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    @BeforeAll
    static void topology() throws Exception {
        topology = E2ETopology.get();
        regions = E2ETopology.seedRegions();
        runs = LabPaths.root().resolve("e2e/target/lab-runs-" + ProcessHandle.current().pid());
        Files.createDirectories(runs);
    }

    private static Run edgesync(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--origin", topology.originUrl()));
        for (RegionSpec region : regions) {
            all.add("--edge");
            all.add(region.name() + "=" + topology.edgeUrl(region.name()));
        }
        all.addAll(List.of("--purge-token", topology.purgeToken(), "--admin-token", topology.adminToken(),
                "--write-token", topology.writeToken(),
                "--env-file", runs.resolve("no-env").toString(), "--runs-dir", runs.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new EdgeSyncCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(all.toArray(String[]::new));
        Run run = new Run(code, out.toString(), err.toString());
        System.out.println("edgesync " + command + " " + String.join(" ", args) + "\n" + run);
        return run;
    }

    private static Path savedRun(Run run) {
        Matcher m = Pattern.compile("Run saved: (\\S+)").matcher(run.out());
        assertTrue(m.find(), run.toString());
        Path file = Path.of(m.group(1));
        assertTrue(Files.isRegularFile(file), file.toString());
        return file;
    }

    @Test
    @Order(1)
    void statusShowsEveryServiceReadyWithItsStrategy() {
        Run run = edgesync("status");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("All services are ready."), run.toString());
        for (RegionSpec region : regions) {
            Matcher m = Pattern.compile("edge-" + region.name() + "\\s+\\S+\\s+UP\\s+" + region.strategy().wire() + "\\s+"
                    + region.delayMs() + "ms").matcher(run.out());
            assertTrue(m.find(), region.name() + " row in\n" + run.out());
        }
    }

    @Test
    @Order(2)
    void shortLoadWithCheckFindsNoViolation() throws Exception {
        Run run = edgesync("load", "--check", "--requests-per-region", "150", "--rate", "50", "--items", "20",
                "--write-rate", "2", "--seed", "7", "--tolerance-ms", "2000", "--quiet");
        assertEquals(0, run.code(), run.toString());
        String[] lines = run.out().split("\n");
        int header = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("| Region ")) {
                header = i;
            }
        }
        assertTrue(header >= 0, run.toString());
        assertTrue(lines[header].matches("\\| Region\\s+\\| Strategy \\| Requests \\| Hit Ratio \\| P99 Latency \\| Stale Hits \\|"),
                lines[header]);
        Pattern row = Pattern.compile("\\| (.+?)\\s+\\| (Eager|Lazy|Mixed)\\s+\\|\\s+([0-9,]+) \\|\\s+([0-9.]+)% \\|\\s+[0-9.]+ms \\|\\s+([0-9,]+) \\|");
        List<String> names = List.of("US East", "EU West", "AP South", "Overall");
        for (int i = 0; i < names.size(); i++) {
            Matcher m = row.matcher(lines[header + 2 + i]);
            assertTrue(m.matches(), lines[header + 2 + i]);
            assertEquals(names.get(i), m.group(1).trim());
            assertEquals(i < 3 ? "150" : "450", m.group(3));
            double hitRatio = Double.parseDouble(m.group(4));
            assertTrue(hitRatio > 50 && hitRatio <= 100, "hit ratio " + hitRatio);
            if (i < 3) {
                assertEquals(regions.get(i).strategy().wire(), m.group(2).toLowerCase());
            }
        }
        assertTrue(run.out().contains("Consistency check: no violation"), run.toString());

        JsonNode result = JSON.readTree(savedRun(run).toFile()).get("result");
        assertEquals(0, result.path("check").path("violations").asInt(-1));
        int writes = result.path("writes").asInt();
        assertTrue(writes >= 20 + 4, "20 creations plus a few updates: " + writes);
        int updates = writes - 20;
        for (JsonNode region : result.path("regions")) {
            assertEquals(150, region.path("requests").asInt());
            assertEquals(0, region.path("errors").asInt(), region.toString());
            assertEquals(updates, region.path("updatesObserved").asInt(), "every update reached " + region);
            assertTrue(region.path("worstWindowMs").asLong() >= 0, region.toString());
            assertTrue(region.path("originFetches").asLong() >= 1, region.toString());
        }
        for (RegionSpec region : regions) {
            if (region.strategy().wire().equals("lazy")) {
                // a lazy region takes at least its delay to serve the new version of a warm item
                long worst = 0;
                for (JsonNode r : result.path("regions")) {
                    if (r.path("region").asText().equals(region.name())) {
                        worst = r.path("worstWindowMs").asLong();
                    }
                }
                assertTrue(worst >= region.delayMs(), region.name() + " worst window " + worst);
            }
        }
    }

    @Test
    @Order(3)
    void demoDrawsTheTimelineAndNoRegionIsEarly() throws Exception {
        Run run = edgesync("demo", "--interval-ms", "10");
        assertEquals(0, run.code(), run.toString());
        for (RegionSpec region : regions) {
            Pattern p = Pattern.compile("(?m)^" + region.name() + "\\s+" + region.strategy().wire() + "\\s+" + region.delayMs()
                    + "ms\\s+(\\S+)\\s+(\\d+)ms\\s+no\\s+yes\\s+\\d+$");
            Matcher m = p.matcher(run.out());
            assertTrue(m.find(), region.name() + " row in\n" + run.out());
            assertTrue(Long.parseLong(m.group(2)) >= region.delayMs(), "first new before delay: " + m.group(0));
            if (region.strategy().wire().equals("lazy")) {
                assertTrue(m.group(1).endsWith("ms"), "lazy " + region.name() + " answers STALE first: " + m.group(0));
            } else {
                assertEquals("-", m.group(1), "eager " + region.name() + " never answers STALE");
            }
        }
        Matcher picture = Pattern.compile("Picture: (\\S+\\.svg)").matcher(run.out());
        assertTrue(picture.find(), run.toString());
        String svg = Files.readString(Path.of(picture.group(1)));
        assertTrue(svg.startsWith("<svg") && svg.contains("us-east (eager)"), svg);
        JsonNode result = JSON.readTree(savedRun(run).toFile()).get("result");
        assertEquals(result.path("oldVersion").asLong() + 1, result.path("newVersion").asLong());
    }

    @Test
    @Order(4)
    void purgeByTagIsFollowedUntilEveryRegionApplied() {
        Run run = edgesync("purge", "--tag", "lab", "--priority", "high");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("applied in every region"), run.toString());
        for (RegionSpec region : regions) {
            assertTrue(Pattern.compile("(?m)^" + region.name() + "\\s+applied\\s+\\d+ms").matcher(run.out()).find(),
                    region.name() + " in\n" + run.out());
        }
        String id = Pattern.compile("Purge (\\S+) accepted").matcher(run.out()).results().findFirst().orElseThrow()
                .group(1);
        Run recent = edgesync("purge", "--recent", "PT10M");
        assertEquals(0, recent.code(), recent.toString());
        assertTrue(Pattern.compile("(?m)^" + id + "\\s+\\S+\\s+lab\\s+high\\s+completed\\s+\\d+/0/0\\s+\\d+ms")
                .matcher(recent.out()).find(), "the purge, completed, in\n" + recent.out());
    }

    @Test
    @Order(5)
    void compareRunsEagerThenLazyAndRestoresTheStrategies() throws Exception {
        Run run = edgesync("compare", "--check", "--requests-per-region", "60", "--rate", "60", "--items", "10",
                "--write-rate", "2", "--seed", "3", "--tolerance-ms", "2000", "--quiet");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("hit ratio eager"), run.toString());
        for (RegionSpec region : regions) {
            assertTrue(Pattern.compile("(?m)^" + region.name() + "\\s+" + region.delayMs() + "ms\\s+[0-9.]+%\\s+[0-9.]+%")
                    .matcher(run.out()).find(), region.name() + " row in\n" + run.out());
            assertEquals(region.strategy().wire(), Content.summary(topology, region.name()).get("strategy"),
                    region.name() + " strategy restored");
        }
        JsonNode result = JSON.readTree(savedRun(run).toFile()).get("result");
        for (JsonNode r : result.path("eager").path("regions")) {
            assertEquals("eager", r.path("strategy").asText());
            assertEquals(0, r.path("stale").asLong(), "an eager region serves nothing STALE: " + r);
        }
        for (JsonNode r : result.path("lazy").path("regions")) {
            assertEquals("lazy", r.path("strategy").asText());
        }
        assertEquals(0, result.path("eager").path("check").path("violations").asInt(-1));
        assertEquals(0, result.path("lazy").path("check").path("violations").asInt(-1));
    }

    @Test
    @Order(6)
    void reportIsOneSelfContainedHtmlFile() throws Exception {
        Path html = runs.resolve("report.html");
        StringWriter out = new StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new EdgeSyncCommand());
        cmd.setOut(new PrintWriter(out, true));
        int code = cmd.execute("report", "--runs-dir", runs.toString(), "--out", html.toString());
        assertEquals(0, code, out.toString());
        String page = Files.readString(html);
        assertNotNull(page);
        assertTrue(page.contains("Latency distribution per region"));
        assertTrue(page.contains("Staleness window per update"));
        assertTrue(page.contains("eager vs lazy"));
        assertTrue(page.contains("consistency timeline"));
        assertTrue(!page.contains("<script") && !page.contains("<link"), "self-contained");
    }
}
