package dev.edgesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.topology.LocalTopology;
import dev.edgesync.testkit.topology.RegionSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's {@code helm test} script (helm/edgesync/files/propagation-test.sh, which the test pod runs as it is),
 * run with sh against the live origin and the chart's regions: what a cluster's {@code helm test} would check,
 * without a cluster.
 */
class HelmTestScriptTest {

    private record Run(int exit, String output) {
    }

    private static Run run(String edges) throws Exception {
        LocalTopology topology = E2ETopology.get();
        String script = Files.readString(LabPaths.root().resolve("helm/edgesync/files/propagation-test.sh"));
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        sh.environment().put("ORIGIN", topology.originUrl());
        sh.environment().put("EDGES", edges);
        sh.environment().put("TIMEOUT", "30");
        sh.environment().put("WRITE_TOKEN", topology.writeToken());
        Process process = sh.start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(done, "the helm test script did not finish in 120 s:\n" + output);
        return new Run(process.exitValue(), output);
    }

    private static String chartRegions() {
        LocalTopology topology = E2ETopology.get();
        return E2ETopology.seedRegions().stream().map(r -> r.name() + "=" + topology.edgeUrl(r.name()))
                .collect(Collectors.joining(" "));
    }

    @Test
    void passesAgainstLiveServicesWithEveryRegionServingTheItemAndThenItsUpdate() throws Exception {
        Run run = run(chartRegions());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().matches("(?s)created item \\d+\n.*"), run.output());
        List<String> regions = E2ETopology.seedRegions().stream().map(RegionSpec::name).toList();
        for (String region : regions) {
            assertTrue(run.output().matches("(?s).*\n" + region + " serves item \\d+\n.*"), region + ":\n" + run.output());
            assertTrue(run.output().matches("(?s).*\n" + region + " has the update after \\d+s\n.*"), region + ":\n" + run.output());
        }
    }

    @Test
    void failsWhenARegionDoesNotAnswer() throws Exception {
        Run run = run(chartRegions() + " nowhere=http://127.0.0.1:" + Ports.free());
        assertNotEquals(0, run.exit(), run.output());
        assertFalse(run.output().contains("nowhere serves item"), run.output());
        assertFalse(run.output().contains("has the update"), "stops at the first region that fails:\n" + run.output());
    }
}
