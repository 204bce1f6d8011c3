package dev.edgesync.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.lab.EdgeSyncCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code edgesync chaos} refuses bad options before it starts anything. */
class ChaosCommandTest {
    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new EdgeSyncCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Result(cmd.execute(args), out.toString(), err.toString());
    }

    @Test
    void unknownFaultExitsTwoListingTheKnownOnes() {
        Result r = run("chaos", "--fault", "disk-full");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown fault disk-full; known: kafka-pause, kafka-restart"), r.err());
        assertFalse(r.out().contains("Starting"), r.out());
    }

    @Test
    void faultWindowLongerThanTheLoadAndUnknownRegionExitTwo() {
        assertEquals(2, run("chaos", "--duration", "PT5S", "--fault-window", "PT8S").code());
        Result r = run("chaos", "--region", "mars");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--region mars is not one of"), r.err());
    }

    @Test
    void isListedInTheHelp() {
        assertTrue(run("--help").out().contains("chaos"));
    }
}
