package dev.edgesync.lab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheLocalPortsOfUp() {
        Targets t = Targets.resolve(null, Map.of(), null, null, null, dir.resolve("missing"), Map.of());
        assertEquals("http://127.0.0.1:4000", t.origin());
        assertEquals(List.of("us-east", "eu-west", "ap-south"), t.regions());
        assertEquals("http://127.0.0.1:5003", t.edge("ap-south"));
        assertNull(t.purgeToken());
    }

    @Test
    void envFileOfUpThenConfigThenFlags() throws Exception {
        Path env = dir.resolve("env");
        Files.writeString(env, "# EdgeSync\nexport ORIGIN=http://127.0.0.1:4100\nexport US_EAST=http://127.0.0.1:5101\n"
                + "export EU_WEST=http://127.0.0.1:5102\nexport EDGES=\"http://127.0.0.1:5101 http://127.0.0.1:5102\"\n"
                + "export EDGESYNC_PURGE_TOKEN=p1\nexport EDGESYNC_ADMIN_TOKEN=a1\nexport EDGESYNC_WRITE_TOKEN=w1\n");
        Targets fromEnv = Targets.resolve(null, Map.of(), null, null, null, env, Map.of("EDGESYNC_PURGE_TOKEN", "ignored"));
        assertEquals("http://127.0.0.1:4100", fromEnv.origin());
        assertEquals(List.of("us-east", "eu-west"), fromEnv.regions());
        assertEquals("p1", fromEnv.purgeToken());
        assertEquals("a1", fromEnv.adminToken());
        assertEquals("w1", fromEnv.writeToken());

        Path config = dir.resolve("edgesync-lab.properties");
        Files.writeString(config, "origin=http://localhost:8080/\nedge.b=http://localhost:9002\nedge.a=http://localhost:9001\n"
                + "edges.order=b,a\npurge-token=p2\n");
        Targets fromConfig = Targets.resolve(null, Map.of(), null, null, config, env, Map.of());
        assertEquals("http://localhost:8080", fromConfig.origin());
        assertEquals(List.of("b", "a"), fromConfig.regions());
        assertEquals("p2", fromConfig.purgeToken());
        assertEquals("a1", fromConfig.adminToken());

        Map<String, String> edges = new LinkedHashMap<>();
        edges.put("x", "http://127.0.0.1:1");
        Targets fromFlags = Targets.resolve("http://127.0.0.1:2", edges, "p3", null, config, env, Map.of());
        assertEquals(List.of("x"), fromFlags.regions());
        assertEquals("p3", fromFlags.purgeToken());
        fromFlags.validated(false);
    }

    @Test
    void processEnvironmentGivesTokensWhenNothingElseDoes() {
        Targets t = Targets.resolve(null, Map.of(), null, null, null, null, Map.of("EDGESYNC_ADMIN_TOKEN", "a"));
        assertEquals("a", t.adminToken());
    }

    @Test
    void onlyLoopbackUnlessAllowed() {
        Targets remote = new Targets("http://example.com:4000", Map.of("r", "http://127.0.0.1:5001"), null, null);
        assertThrows(IllegalArgumentException.class, () -> remote.validated(false));
        remote.validated(true);
        new Targets("http://[::1]:4000", Map.of("r", "http://localhost:5001"), null, null).validated(false);
        assertThrows(IllegalArgumentException.class,
                () -> new Targets("ftp://127.0.0.1", Map.of("r", "http://127.0.0.1:1"), null, null).validated(true));
        assertThrows(IllegalArgumentException.class,
                () -> new Targets("http://127.0.0.1:1", Map.of("Bad_Name", "http://127.0.0.1:1"), null, null).validated(true));
    }
}
