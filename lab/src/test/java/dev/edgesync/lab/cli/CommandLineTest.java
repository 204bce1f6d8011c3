package dev.edgesync.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands' wiring, options and exit codes, without any service running. */
class CommandLineTest {
    @TempDir
    Path dir;

    private List<String> deadTargets(String... more) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("--origin", "http://127.0.0.1:" + port, "--edge",
                "us-east=http://127.0.0.1:" + port, "--env-file", dir.resolve("none").toString(), "--runs-dir",
                dir.resolve("runs").toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void helpListsTheExperimentCommands() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.code());
        for (String name : List.of("up", "status", "demo", "load", "compare", "purge", "report")) {
            assertTrue(r.out().contains("  " + name), name + " in\n" + r.out());
        }
    }

    @Test
    void outOfBoundOptionsExitTwoBeforeAnyTraffic() throws Exception {
        List<String> args = new ArrayList<>(List.of("load"));
        args.addAll(deadTargets("--rate", "2500"));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--rate"), r.err());

        args = new ArrayList<>(List.of("load"));
        args.addAll(deadTargets("--duration", "PT11M"));
        assertEquals(2, CliRun.of(args.toArray(String[]::new)).code());

        args = new ArrayList<>(List.of("purge"));
        args.addAll(deadTargets("--tag", "tech", "--mode", "gentle", "--purge-token", "t"));
        r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--mode"), r.err());

        args = new ArrayList<>(List.of("purge"));
        args.addAll(deadTargets());
        assertEquals(2, CliRun.of(args.toArray(String[]::new)).code());
    }

    @Test
    void remoteTargetsNeedAllowRemote() {
        CliRun r = CliRun.of("status", "--origin", "http://10.1.2.3:4000", "--edge", "us-east=http://127.0.0.1:1",
                "--env-file", dir.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a loopback address"), r.err());
    }

    @Test
    void statusReportsDownServicesAndExitsOne() throws Exception {
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(deadTargets());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("DOWN"), r.out());
        assertTrue(r.out().contains("edge-us-east"), r.out());
    }

    @Test
    void statusJsonIsParseable() throws Exception {
        List<String> args = new ArrayList<>(List.of("status", "--json"));
        args.addAll(deadTargets());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(false, json.get("allReady").asBoolean());
        assertEquals("edge-us-east", json.get("services").get(1).get("service").asText());
    }

    @Test
    void loadAgainstNothingFailsWithOne() throws Exception {
        List<String> args = new ArrayList<>(List.of("load"));
        args.addAll(deadTargets("--requests-per-region", "10"));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("is it up?"), r.err());
    }

    @Test
    void reportWithoutRunsStillWritesAPage() throws Exception {
        Path out = dir.resolve("report.html");
        CliRun r = CliRun.of("report", "--runs-dir", dir.resolve("runs").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out).contains("No runs yet"));
        assertEquals(2, CliRun.of("report", "--last", "0").code());
    }
}
