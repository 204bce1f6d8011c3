package dev.edgesync.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.load.ProgressLine;
import dev.edgesync.lab.report.TextTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgesync purge}: purge by tag, key or prefix and follow it per region until applied. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Purge by --tag, --key, --prefix, --pattern, --host or --all through the origin's purge API, then follow the purge per region.")
public final class PurgeCommand extends LabCommand {
    @Option(names = "--tag", description = "Surrogate key / tag to purge, repeatable")
    List<String> tags = new ArrayList<>();

    @Option(names = "--key", description = "Cache key (path) to purge, e.g. /api/content/42; repeatable")
    List<String> keys = new ArrayList<>();

    @Option(names = "--prefix", description = "Path prefix to purge at segment boundaries: /a/b covers /a/b and /a/b/..., not /a/bc; repeatable")
    List<String> prefixes = new ArrayList<>();

    @Option(names = "--pattern", description = "Path pattern to purge, * within a segment or as whole segments, e.g. /img/*.png; repeatable")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--host", description = "Hostname the edges serve (edgesync.purge.hosts): purges everything, since the edges key by path only; repeatable")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--all", description = "Purge everything")
    boolean all;

    @Option(names = "--mode", description = "default | hard | soft (default: ${DEFAULT-VALUE})", defaultValue = "default")
    String mode;

    @Option(names = "--priority", description = "critical | high | normal | low (default: ${DEFAULT-VALUE})", defaultValue = "normal")
    String priority;

    @Option(names = "--timeout", description = "Stop following after this long, at most PT5M (default: ${DEFAULT-VALUE})",
            defaultValue = "PT30S")
    Duration timeout;

    @Option(names = "--recent", description = "List the purges of this last period (e.g. PT10M) with their status instead of purging")
    Duration recent;

    @Override
    int execute() throws Exception {
        if (recent != null) {
            return list(target.api(), System.currentTimeMillis() - recent.toMillis());
        }
        if (tags.isEmpty() && keys.isEmpty() && prefixes.isEmpty() && patterns.isEmpty() && hosts.isEmpty() && !all) {
            throw new IllegalArgumentException("name something to purge: --tag, --key, --prefix, --pattern, --host or --all");
        }
        if (!List.of("default", "hard", "soft").contains(mode)) {
            throw new IllegalArgumentException("--mode must be default, hard or soft, was " + mode);
        }
        if (!List.of("critical", "high", "normal", "low").contains(priority)) {
            throw new IllegalArgumentException("--priority must be critical, high, normal or low, was " + priority);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("--timeout must be within (0, PT5M]");
        }
        EdgeSyncApi api = target.api();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("keys", keys);
        request.put("tags", tags);
        request.put("prefixes", prefixes);
        request.put("mode", mode);
        request.put("priority", priority);
        request.put("patterns", patterns);
        request.put("all", all);
        if (!hosts.isEmpty()) {
            request.put("hosts", hosts);
        }
        long started = System.currentTimeMillis();
        LabHttp.Response submitted = api.purge(request);
        if (submitted.status() != 202) {
            throw new IllegalStateException("purge refused: " + submitted.describe());
        }
        String id = submitted.json().path("id").asText();
        if (!json) {
            out().println("Purge " + id + " accepted; following it per region ...");
            out().flush();
        }
        JsonNode status = submitted.json();
        long deadline = started + timeout.toMillis();
        boolean applied = false;
        ProgressLine line = json ? null : new ProgressLine(err(), 10);
        while (true) {
            LabHttp.Response r = api.purgeStatus(id);
            if (r.status() == 200) {
                status = r.json();
                applied = "completed".equals(status.path("status").asText());
            }
            // partial and failed are final too (a late acknowledgement may still complete it)
            boolean settled = List.of("completed", "partial", "failed").contains(status.path("status").asText());
            boolean last = settled || System.currentTimeMillis() > deadline;
            if (line != null) {
                String text = "  " + progress(status, System.currentTimeMillis() - started);
                if (last) {
                    line.finish(text);
                } else {
                    line.update(text);
                }
            }
            if (last) {
                break;
            }
            Thread.sleep(50);
        }
        long elapsed = System.currentTimeMillis() - started;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("applied", applied);
            doc.put("elapsedMs", elapsed);
            doc.put("status", status);
            printJson(doc);
            return applied ? 0 : FAILED;
        }
        TextTable table = new TextTable("region", "status", "applied after", "instance", "error");
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("regions").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode region = e.getValue();
            table.row(e.getKey(), region.path("status").asText("-"),
                    region.has("latencyMs") ? region.get("latencyMs").asLong() + "ms" : "-",
                    region.path("instance").asText("-"), region.path("error").asText("-"));
        }
        out().print(table);
        out().println(applied ? "Purge " + id + " applied in every region (" + elapsed + " ms)."
                : "Purge " + id + " " + status.path("status").asText("pending") + " after " + elapsed + " ms"
                        + " (progress " + status.path("progress") + ").");
        return applied ? 0 : FAILED;
    }

    private int list(EdgeSyncApi api, long since) throws java.io.IOException {
        LabHttp.Response r = api.purges(since);
        if (r.status() != 200) {
            throw new IllegalStateException("listing purges failed: " + r.describe());
        }
        if (json) {
            printJson(r.json());
            return 0;
        }
        TextTable table = new TextTable("id", "created", "targets", "priority", "status", "applied/failed/pending",
                "slowest region");
        for (JsonNode purge : r.json()) {
            List<String> targets = new ArrayList<>();
            for (String kind : List.of("keys", "tags", "prefixes", "patterns", "hosts")) {
                purge.path(kind).forEach(t -> targets.add(t.asText()));
            }
            long slowest = -1;
            for (JsonNode region : purge.path("regions")) {
                slowest = Math.max(slowest, region.path("latencyMs").asLong(-1));
            }
            JsonNode p = purge.path("progress");
            table.row(purge.path("id").asText(), java.time.Instant.ofEpochMilli(purge.path("createdAt").asLong()).toString(),
                    String.join(" ", targets), purge.path("priority").asText(), purge.path("status").asText(),
                    p.path("applied").asInt() + "/" + p.path("failed").asInt() + "/" + p.path("pending").asInt(),
                    slowest < 0 ? "-" : slowest + "ms");
        }
        out().print(table);
        out().println(r.json().size() + " purge(s) since " + java.time.Instant.ofEpochMilli(since) + ".");
        return 0;
    }

    private static String progress(JsonNode status, long elapsed) {
        StringBuilder line = new StringBuilder(String.format("%5d ms ", elapsed));
        for (Iterator<Map.Entry<String, JsonNode>> it = status.path("regions").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            line.append(" ").append(e.getKey()).append(" [").append(e.getValue().path("status").asText("pending"))
                    .append("]");
        }
        return line.toString();
    }
}
