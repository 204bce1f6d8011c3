package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line of {@code bench/run.sh topology}: the options README and docs/benchmark.md document parse into
 * the scenarios' settings, and bad values stop the run with a clear message and exit code 2 before anything starts.
 * No servers: an accepted command line is only parsed and validated here, never run.
 */
class TopologyCommandTest {

    private static TopologyCommand parsed(String... args) {
        TopologyCommand command = new TopologyCommand();
        CommandLine cli = new CommandLine(command);
        cli.parseArgs(args);
        command.validate(cli);
        return command;
    }

    /**
     * Executes the command line as run.sh does, with picocli's own error handling, but validating instead of running
     * (a command line that slipped through must not start a topology here): exit code and what stderr says.
     */
    private static String[] refused(String... args) {
        StringWriter err = new StringWriter();
        TopologyCommand command = new TopologyCommand();
        CommandLine cli = new CommandLine(command).setErr(new PrintWriter(err));
        cli.setExecutionStrategy(parsed -> {
            command.validate(cli);
            return 0;
        });
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        TopologyCommand c = parsed();
        assertEquals(Set.of(1, 2, 3, 4), c.only);
        assertEquals(15, c.hits.hitSeconds);
        assertEquals(64, c.hits.connections);
        assertFalse(c.hits.noWrk);
        assertEquals(1000, c.invalidation.updates);
        assertEquals(50, c.invalidation.updateRate);
        assertEquals(1_000_000, c.tagPurge.objects);
        assertEquals(2000, c.tagPurge.sample);
        assertEquals(1000, c.collapsing.concurrent);
        assertEquals(10, c.maxMinutes);
        assertFalse(c.keep);
        assertEquals(null, c.out);
    }

    @Test
    void documentedOptionsReachTheirScenarios() {
        // as docs/benchmark.md and run.sh write them (run.sh appends --no-wrk when wrk is missing)
        TopologyCommand c = parsed("--only", "1,3", "--hit-seconds", "5", "--connections", "16", "--updates", "200",
                "--update-rate", "20", "--objects", "1_000_000", "--sample", "500", "--concurrent", "100",
                "--max-minutes", "20", "--keep", "--out", "/tmp/t.md", "--no-wrk");
        assertEquals(Set.of(1, 3), c.only);
        assertEquals(5, c.hits.hitSeconds);
        assertEquals(16, c.hits.connections);
        assertTrue(c.hits.noWrk);
        assertEquals(200, c.invalidation.updates);
        assertEquals(20, c.invalidation.updateRate);
        assertEquals(1_000_000, c.tagPurge.objects);
        assertEquals(500, c.tagPurge.sample);
        assertEquals(100, c.collapsing.concurrent);
        assertEquals(20, c.maxMinutes);
        assertTrue(c.keep);
        assertEquals(Path.of("/tmp/t.md"), c.out);
        assertEquals(1_000, parsed("--objects", "1,000").tagPurge.objects);
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheirRange() {
        String[] r = refused("--hit-seconds", "61");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--hit-seconds must be 1..60, was 61"), r[1]);
        assertTrue(refused("--objects", "999")[1].contains("--objects must be 1000..5000000, was 999"));
        assertTrue(refused("--update-rate", "0")[1].contains("--update-rate must be 1..500, was 0"));
        assertTrue(refused("--max-minutes", "61")[1].contains("--max-minutes must be 1..60, was 61"));
        assertTrue(refused("--concurrent", "1")[1].contains("--concurrent must be 2..5000, was 1"));
        assertTrue(refused("--ban-purges", "4")[1].contains("--ban-purges must be 5..500, was 4"));
    }

    @Test
    void unknownScenariosOptionsAndNumbersAreRefused() {
        String[] only = refused("--only", "1,6");
        assertEquals("2", only[0]);
        assertTrue(only[1].contains("--only takes scenario numbers 1 to 5; was 6"), only[1]);
        String[] unknown = refused("--bogus");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[1].contains("Unknown option: '--bogus'"), unknown[1]);
        String[] notNumber = refused("--updates", "many");
        assertEquals("2", notNumber[0]);
        assertTrue(notNumber[1].contains("--updates") && notNumber[1].contains("many"), notNumber[1]);
    }

    @Test
    void helpListsEveryDocumentedOption() {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new TopologyCommand()).setOut(new PrintWriter(out)).execute("--help");
        assertEquals(0, code);
        for (String option : new String[] {"--only", "--hit-seconds", "--connections", "--updates", "--update-rate",
                "--objects", "--sample", "--concurrent", "--max-minutes", "--no-wrk", "--keep", "--out"}) {
            assertTrue(out.toString().contains(option), option + " missing from:\n" + out);
        }
        assertTrue(out.toString().startsWith("Usage: bench/run.sh topology"), out.toString());
    }
}
