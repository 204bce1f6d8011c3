package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgesync.lab.EdgeSyncCommand;
import dev.edgesync.testkit.servers.LabPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code edgesync compare --warming}, short, run in-process through picocli as {@code ./edgesync} runs it: it starts
 * a topology of its own (real Kafka, PostgreSQL, Redis, origin and two edges), and the region with warming answers
 * the reads after each update from its cache where the region without refills from the origin.
 */
class CompareWarmingTest {
    private static final int HOT = 4;
    private static final int ROUNDS = 4;

    @Test
    void theWarmedRegionHitsWhereTheOtherFetchesFromTheOrigin() throws Exception {
        Path runs = LabPaths.root().resolve("e2e/target/lab-runs-warming-" + ProcessHandle.current().pid());
        Files.createDirectories(runs);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new EdgeSyncCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute("compare", "--warming", "--hot-items", String.valueOf(HOT), "--rounds",
                String.valueOf(ROUNDS), "--env-file", runs.resolve("no-env").toString(), "--runs-dir", runs.toString());
        String run = "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        System.out.println("edgesync compare --warming\n" + run);
        assertEquals(0, code, run);
        assertTrue(Pattern.compile("(?m)^warming-on\\s+on\\s+" + HOT * ROUNDS + "\\s").matcher(out.toString()).find(), run);
        assertTrue(Pattern.compile("(?m)^warming-off\\s+off\\s+" + HOT * ROUNDS + "\\s").matcher(out.toString()).find(), run);

        Matcher saved = Pattern.compile("Run saved: (\\S+?);").matcher(out.toString());
        assertTrue(saved.find(), run);
        JsonNode regions = new ObjectMapper().readTree(Path.of(saved.group(1)).toFile()).path("result").path("regions");
        JsonNode on = regions.get(0);
        JsonNode off = regions.get(1);
        assertEquals("warming-on", on.path("region").asText());
        assertEquals("warming-off", off.path("region").asText());
        assertTrue(off.path("originFetches").asLong() >= ROUNDS,
                "without warming every updated item is fetched by its next reader: " + off);
        assertTrue(on.path("warmupFetches").asLong() >= 1, "the warmed region re-read updated items: " + on);
        assertTrue(on.path("hits").asLong() > off.path("hits").asLong(),
                "the reader hits more often with warming: " + on + " vs " + off);
        assertTrue(Files.exists(runs.resolve(saved.group(1).replaceAll(".*/", "").replace(".json", ".html"))),
                "the console's last runs show it");
    }
}
