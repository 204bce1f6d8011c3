package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.RedisInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/ab-cpu.sh} as docs/benchmark.md runs it, cut short: the edge this build packaged on both sides (an
 * A/A run), real redis-servers, nginx and wrk. Each side must print its mean for each measure, with requests answered
 * and the CPU per request of the edge and of its Redis (which a miss uses), and the script must leave no edge running.
 */
class AbCpuScriptTest {
    private static final Pattern MEAN = Pattern.compile(
            "^MEAN (\\S+) ([AB]) rps=(\\d+) cpu_us=([0-9.]+) redis_us=([0-9.]+) fetched=([0-9.]+)$");

    @Test
    void anAaRunPrintsEachSidesMeanForEachMeasure() throws Exception {
        Path root = LabPaths.root();
        Path app = root.resolve("edge/target/quarkus-app");
        assertTrue(Files.exists(app.resolve("quarkus-run.jar")), "the edge is packaged before the bench's tests");
        ProcessBuilder pb = new ProcessBuilder("bash", "bench/ab-cpu.sh", app.toString(), app.toString(), "1", "1")
                .directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("MEASURES", "hit1k miss");
        env.put("WARMUPS", "1");
        env.put("REDIS_SERVER", RedisInstance.binary().toString());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ab-cpu.sh ends by itself");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);

        Map<String, double[]> means = new TreeMap<>();
        for (String line : out.split("\n")) {
            Matcher m = MEAN.matcher(line.trim());
            if (m.matches()) {
                means.put(m.group(1) + " " + m.group(2),
                        new double[] {Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                            Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6))});
            }
        }
        assertEquals(List.of("hit1k A", "hit1k B", "miss A", "miss B"), List.copyOf(means.keySet()), out);
        means.forEach((k, v) -> {
            assertTrue(v[0] > 0, k + ": requests answered\n" + out);
            assertTrue(v[1] > 0, k + ": the edge's CPU per request\n" + out);
        });
        assertTrue(means.get("miss A")[2] > 0 && means.get("miss B")[2] > 0, "each side's Redis CPU per miss\n" + out);
        // every request of the miss measure a new key: each one fetched, none waiting for another's fill
        assertTrue(means.get("miss A")[3] >= 0.95 && means.get("miss B")[3] >= 0.95, "misses only\n" + out);
        assertTrue(means.get("hit1k A")[3] < 0.01, "hits only\n" + out);
        assertEquals(List.of(), edgesLeft(), "the script stops both edges when it ends");
    }

    /** Processes whose environment holds the script's admin token: its edges. */
    private static List<Long> edgesLeft() throws IOException {
        List<Long> left = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    // environ is NUL-separated bytes; ISO-8859-1 maps each byte to one char
                    String environ = new String(Files.readAllBytes(proc.resolve("environ")),
                            StandardCharsets.ISO_8859_1);
                    if (environ.contains("EDGESYNC_ADMIN_TOKEN=ab-cpu-admin-token")) {
                        left.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        }
        return left;
    }
}
