package dev.edgesync.bench;

import dev.edgesync.lab.report.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The one table {@code bench/run.sh topology} prints (the lab's {@link TextTable}), with the commands used and the
 * machine; also written as Markdown.
 */
final class Report {
    record Row(String scenario, String measurement, String result, String detail) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> machine = new ArrayList<>();
    private final String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);

    synchronized void row(String scenario, String measurement, String result, String detail) {
        rows.add(new Row(scenario, measurement, result, detail));
        System.err.printf("bench: [%s] %s: %s (%s)%n", scenario, measurement, result, detail);
    }

    synchronized void command(String command) {
        if (!commands.contains(command)) {
            commands.add(command);
        }
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized void machine(String line) {
        machine.add(line);
    }

    synchronized String markdown(String status) {
        StringBuilder out = new StringBuilder();
        out.append("# EdgeSync benchmark\n\n");
        out.append("Run ").append(started).append(" — ").append(status).append(".\n\n");
        TextTable table = new TextTable(true, "#", "Measurement", "Result", "Detail");
        rows.forEach(r -> table.row(cell(r.scenario()), cell(r.measurement()), cell(r.result()), cell(r.detail())));
        out.append(table);
        out.append("\n## Machine\n\n");
        machine.forEach(m -> out.append("- ").append(m).append('\n'));
        out.append("\n## Commands\n\n```\n");
        commands.forEach(c -> out.append(c).append('\n'));
        out.append("```\n");
        if (!notes.isEmpty()) {
            out.append("\n## Notes\n\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    synchronized void write(Path file, String status) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, markdown(status));
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
