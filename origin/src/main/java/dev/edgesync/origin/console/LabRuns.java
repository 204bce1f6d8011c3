package dev.edgesync.origin.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lab's last runs as the console lists them: the pages {@code edgesync demo|load|compare|chaos} write beside each
 * run's JSON in the runs directory ({@code <time>-<kind>.html}, self-contained HTML with the run's tables and
 * pictures). Only names of that shape are listed or served, so nothing else in (or outside) the directory is.
 */
public final class LabRuns {
    private static final Pattern NAME = Pattern.compile("([0-9]{8}-[0-9]{6}-[0-9]{3})-([a-z]+)(-[0-9]+)?\\.html");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    /** One run: its page's file name, its kind and when it was written (epoch ms, the lab's local time zone). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Run(String name, String kind, long createdAt) {
    }

    private final Path dir;

    public LabRuns(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The newest {@code limit} runs, newest first; none when the directory does not exist. */
    public List<Run> latest(int limit) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> parse(p.getFileName().toString())).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Run::name).reversed()).limit(limit).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The page of run {@code name}, if that name is a run page's and the file is there. */
    public Optional<Path> page(String name) {
        if (name == null || parse(name).isEmpty()) {
            return Optional.empty();
        }
        Path file = dir.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    static Optional<Run> parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        long createdAt = LocalDateTime.parse(m.group(1), STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        return Optional.of(new Run(name, m.group(2), createdAt));
    }
}
