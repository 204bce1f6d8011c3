package dev.edgesync.lab.cli;

import dev.edgesync.lab.client.EdgeSummary;
import dev.edgesync.lab.client.EdgeSyncApi;
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
            allUp &= ready;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", "edge-" + region);
            row.put("region", region);
            row.put("url", t.edge(region));
            row.put("ready", ready);
            row.put("summary", s);
            rows.add(row);
        }
        var outbox = originUp ? api.outboxStatus() : null;
        if (json) {
            printJson(outbox == null ? Map.of("allReady", allUp, "services", rows)
                    : Map.of("allReady", allUp, "services", rows, "outbox", outbox));
            return allUp ? 0 : FAILED;
        }
        TextTable table = new TextTable("service", "url", "ready", "strategy", "delay", "requests", "hit ratio",
                "stale", "p99", "origin fetches", "invalidations");
        for (Map<String, Object> row : rows) {
            EdgeSummary s = (EdgeSummary) row.get("summary");
            boolean ready = (Boolean) row.get("ready");
            if (s == null) {
                table.row(row.get("service"), row.get("url"), ready ? "UP" : "DOWN", "-", "-", "-", "-", "-", "-", "-", "-");
            } else {
                table.row(row.get("service"), row.get("url"), ready ? "UP" : "DOWN", s.strategy(), s.delayMs() + "ms",
                        TextTable.count(s.requests()), TextTable.percent(s.hitRatio()), s.staleHits(),
                        TextTable.millis(s.p99()), s.originFetches(), s.invalidationsApplied());
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
}
