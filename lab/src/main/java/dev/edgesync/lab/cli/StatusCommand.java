package dev.edgesync.lab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.client.Targets;
import dev.edgesync.lab.report.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code edgesync status}: what is up, and each region's strategy, delay and hit ratio. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the origin and each edge are ready, and each region's strategy, delay and hit ratio.")
public final class StatusCommand extends LabCommand {

    @Override
    int execute() throws Exception {
        EdgeSyncApi api = target.api();
        Targets t = api.targets();
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean allUp = true;
        boolean originUp = api.ready(t.origin());
        allUp &= originUp;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("service", "origin");
        o.put("url", t.origin());
        o.put("ready", originUp);
        rows.add(o);
        for (String region : t.regions()) {
            boolean ready = api.ready(t.edge(region));
            EdgeSummary s = api.summary(region);
            JsonNode lease = leaseOf(api.http().get(t.edge(region) + "/metrics/summary"));
            allUp &= ready;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", "edge-" + region);
            row.put("region", region);
            row.put("url", t.edge(region));
            row.put("ready", ready);
            row.put("summary", s);
            row.put("lease", lease);
            rows.add(row);
        }
        var outbox = originUp ? api.outboxStatus() : null;
        if (json) {
            printJson(outbox == null ? Map.of("allReady", allUp, "services", rows)
                    : Map.of("allReady", allUp, "services", rows, "outbox", outbox));
            return allUp ? 0 : FAILED;
        }
        TextTable table = new TextTable("service", "url", "ready", "strategy", "delay", "requests", "hit ratio",
                "stale", "p99", "origin fetches", "invalidations", "lease");
        for (Map<String, Object> row : rows) {
            EdgeSummary s = (EdgeSummary) row.get("summary");
            boolean ready = (Boolean) row.get("ready");
            if (s == null) {
                table.row(row.get("service"), row.get("url"), ready ? "UP" : "DOWN", "-", "-", "-", "-", "-", "-", "-", "-",
                        "-");
            } else {
                table.row(row.get("service"), row.get("url"), ready ? "UP" : "DOWN", s.strategy(), s.delayMs() + "ms",
                        TextTable.count(s.requests()), TextTable.percent(s.hitRatio()), s.staleHits(),
                        TextTable.millis(s.p99()), s.originFetches(), s.invalidationsApplied(),
                        leaseCell((JsonNode) row.get("lease")));
            }
        }
        out().print(table);
        if (outbox != null) {
            long dead = outbox.path("deadLetters").asLong();
            out().println("Origin outbox: " + outbox.path("pending").asLong() + " pending, " + dead + " dead letter(s)"
                    + (dead > 0 ? " (latest " + outbox.path("lastDeadLetterEventId").asText() + ": "
                            + outbox.path("lastDeadLetterError").asText() + "; table outbox_dead_letter)" : ""));
        }
        out().println(allUp ? "All services are ready." : "Some services are not ready (is ./edgesync up running?).");
        return allUp ? 0 : FAILED;
    }

    /** The {@code lease} object of an edge's summary (staleness lease), or null. */
    private static JsonNode leaseOf(LabHttp.Response summary) {
        if (summary.status() != 200) {
            return null;
        }
        JsonNode lease = summary.json().path("lease");
        return lease.isObject() ? lease : null;
    }

    /** {@code held}, {@code EXPIRED (lag 8.2s)} (copies are being revalidated with the origin), or {@code none}. */
    static String leaseCell(JsonNode lease) {
        if (lease == null) {
            return "-";
        }
        String state = lease.path("state").asText("-");
        double lag = lease.path("appliedLagMs").asLong() / 1000.0;
        return switch (state) {
            case "held" -> String.format(java.util.Locale.ROOT, "held (lag %.1fs)", lag);
            case "expired" -> String.format(java.util.Locale.ROOT, "EXPIRED (lag %.1fs)", lag);
            default -> state;
        };
    }
}
