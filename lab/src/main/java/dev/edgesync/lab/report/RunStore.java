package dev.edgesync.lab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runs directory ({@code .edgesync/runs/}): every load, compare and demo writes one JSON file
 * {@code {"kind": ..., "createdAt": ..., "result": {...}}} named by time, so they sort by age, and beside it the run
 * as a small HTML page ({@code .html}, its tables and pictures) that the origin's console lists.
 */
public final class RunStore {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path dir;

    public RunStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** A file name in the runs directory for {@code kind} with {@code suffix}, not yet written. */
    public Path newFile(String kind, String suffix) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = NAME.format(LocalDateTime.now()) + "-" + kind;
        Path file = dir.resolve(base + suffix);
        for (int i = 2; Files.exists(file); i++) {
            file = dir.resolve(base + "-" + i + suffix);
        }
        return file;
    }

    public Path save(String kind, Object result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", kind);
        doc.put("createdAt", System.currentTimeMillis());
        doc.put("result", result);
        Path file = newFile(kind, ".json");
        try {
            JSON.writeValue(file.toFile(), doc);
            StoredRun run = new StoredRun(file, kind, (Long) doc.get("createdAt"), JSON.valueToTree(result));
            Files.writeString(pageOf(file), HtmlReport.page(run));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The run's page for the console: the same name with {@code .html}. */
    public static Path pageOf(Path runFile) {
        String name = runFile.getFileName().toString();
        return runFile.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".html");
    }

    /** One stored run. */
    public record StoredRun(Path file, String kind, long createdAt, JsonNode result) {
    }

    /** The last {@code limit} runs, oldest first. Unreadable files are skipped. */
    public List<StoredRun> last(int limit) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("[0-9]{8}-[0-9]{6}-[0-9]{3}-[a-z0-9-]+\\.json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<StoredRun> runs = new ArrayList<>();
        for (Path file : files.subList(Math.max(0, files.size() - limit), files.size())) {
            try {
                JsonNode doc = JSON.readTree(file.toFile());
                if (doc.hasNonNull("kind") && doc.has("result")) {
                    runs.add(new StoredRun(file, doc.get("kind").asText(), doc.path("createdAt").asLong(),
                            doc.get("result")));
                }
            } catch (IOException e) {
                // not one of ours: skip
            }
        }
        return runs;
    }
}
