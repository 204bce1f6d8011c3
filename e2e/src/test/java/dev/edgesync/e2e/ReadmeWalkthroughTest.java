package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the README's walkthrough, as written, with bash and curl against the live topology. */
class ReadmeWalkthroughTest {
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @Test
    void walkthroughCommandsWorkAsWritten() throws Exception {
        LocalTopology topology = E2ETopology.get();
        String script = walkthrough(Files.readString(LabPaths.root().resolve("README.md")));
        Path env = topology.writeEnvFile(Files.createTempFile("edgesync-env", ".sh"));

        ProcessBuilder bash = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source \"$1\"; " + "EDGES=\"$US_EAST $EU_WEST $AP_SOUTH\"\n" + script, "walkthrough",
                env.toString()).redirectErrorStream(true);
        Process process = bash.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
        }
        System.out.println(output);
        assertTrue(done, "walkthrough did not finish in 120 s:\n" + output);
        assertEquals(0, process.exitValue(), "walkthrough failed:\n" + output);

        assertTrue(output.matches("(?s).*created content \\d+.*"), output);
        assertTrue(output.contains("us-east 200 X-Cache: MISS version 1"), output);
        assertTrue(output.contains("us-east 200 X-Cache: HIT version 1"), output);
        assertTrue(output.contains("update 200"), output);
        List<String> watched = watchLines(output);
        String last = watched.get(watched.size() - 1);
        for (RegionSpec region : E2ETopology.seedRegions()) {
            // converged: the new version from the region's cache; REVALIDATED when the staleness lease lapsed for a
            // moment (a consumer-group rebalance, a loaded machine) and the copy was checked with a 304 first
            assertTrue(last.contains(region.name() + " HIT v2") || last.contains(region.name() + " REVALIDATED v2"),
                    "not converged at the end: " + last);
        }
        assertTrue(watched.stream().anyMatch(l -> l.contains("eu-west STALE v1")), "eu-west never STALE: " + watched);
        assertTrue(watched.stream().anyMatch(l -> l.contains("ap-south STALE v1")), "ap-south never STALE: " + watched);
        assertTrue(output.contains("\"status\":\"completed\""), "purge not completed: " + output);
        assertTrue(output.contains("without a token: 401"), output);
        assertTrue(output.contains("\"hitRatio\""), output);
        assertTrue(output.contains("edgesync_requests_total{"), output);
    }

    private static String walkthrough(String readme) {
        int start = readme.indexOf("<!-- walkthrough:start -->");
        int end = readme.indexOf("<!-- walkthrough:end -->");
        assertTrue(start >= 0 && end > start, "README has no walkthrough markers");
        Matcher blocks = BASH_BLOCK.matcher(readme.substring(start, end));
        StringBuilder script = new StringBuilder();
        while (blocks.find()) {
            script.append(blocks.group(1)).append('\n');
        }
        assertTrue(script.length() > 0, "no bash blocks in the walkthrough");
        return script.toString();
    }

    private static List<String> watchLines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.matches("us-east \\S+ v\\d+ +eu-west \\S+ v\\d+ +ap-south \\S+ v\\d+.*")) {
                lines.add(line);
            }
        }
        assertTrue(!lines.isEmpty(), "no watch lines in:\n" + output);
        return lines;
    }
}
