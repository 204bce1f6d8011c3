package dev.edgesync.lab.chaos;

import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.history.WriteOp;
import dev.edgesync.testkit.servers.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a fault: items whose last committed version some region never applied, counted per (item, region). The
 * origin's {@code GET /api/content/{id}/propagation} names the last event and each region's ack; a pair without an
 * ack whose region serves the version fresh counts as a lost ack instead.
 */
final class PropagationAudit {
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

    /** {@code lost}: pairs never applied; {@code lostAcks}: applied but not acknowledged; one detail line each. */
    record Outcome(int lost, int lostAcks, List<String> details) {
    }

    private record Pending(List<String> regions, String why) {
    }

    private final EdgeSyncApi api;

    PropagationAudit(EdgeSyncApi api) {
        this.api = api;
    }

    Outcome audit(List<WriteOp> writes) {
        Map<String, Long> last = new HashMap<>();
        for (WriteOp w : writes) {
            last.merge(w.item(), w.version(), Math::max);
        }
        Map<String, Pending> pending = new HashMap<>();
        long deadline = System.currentTimeMillis() + SETTLE_LIMIT.toMillis();
        Map<String, Long> open = new HashMap<>(last);
        while (true) {
            pending.clear();
            for (Map.Entry<String, Long> e : List.copyOf(open.entrySet())) {
                Pending missing = pendingRegions(e.getKey(), e.getValue());
                if (missing == null) {
                    open.remove(e.getKey());
                } else {
                    pending.put(e.getKey(), missing);
                }
            }
            if (pending.isEmpty() || System.currentTimeMillis() > deadline) {
                break;
            }
            Ports.sleep(500);
        }
        int lost = 0;
        int lostAcks = 0;
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            long version = last.get(e.getKey());
            for (String region : e.getValue().regions()) {
                // No ack, but the region serves the version: the origin lost the ack, not the region the invalidation.
                LabHttp.Response r = api.readEdge(region, e.getKey());
                for (int i = 0; i < 5 && !CanaryRecovery.servesFresh(r, version); i++) { // a lazy region answers STALE once, then revalidates
                    Ports.sleep(300);
                    r = api.readEdge(region, e.getKey());
                }
                if (CanaryRecovery.servesFresh(r, version)) {
                    lostAcks++;
                    details.add("ack missing at the origin: item " + e.getKey() + " v" + version + " from " + region
                            + e.getValue().why() + ", although " + region + " serves v" + r.version());
                } else {
                    lost++;
                    details.add("lost: item " + e.getKey() + " v" + version + " never applied in " + region
                            + e.getValue().why() + "; it serves " + (r.status() == 200 ? "v" + r.version() + " "
                            + r.xCache() : "status " + r.status()));
                }
            }
        }
        return new Outcome(lost, lostAcks, details);
    }

    /** The regions that have not acknowledged {@code version} of {@code item}, or null when all have. */
    private Pending pendingRegions(String item, long version) {
        List<String> regions = api.targets().regions();
        LabHttp.Response r = api.http().get(api.targets().origin() + "/api/content/" + item + "/propagation");
        if (r.status() != 200) {
            return new Pending(regions, " (propagation answered " + r.status() + ")");
        }
        var json = r.json();
        long eventVersion = json.path("version").asLong(-1);
        if (eventVersion < version || !json.path("published").asBoolean(false)) {
            return new Pending(regions, " (the origin's last event is v" + eventVersion + ", published "
                    + json.path("published").asBoolean(false) + ")");
        }
        List<String> missing = new ArrayList<>();
        for (String region : regions) {
            if (!"applied".equalsIgnoreCase(json.path("regions").path(region).path("status").asText())) {
                missing.add(region);
            }
        }
        return missing.isEmpty() ? null : new Pending(missing, "");
    }
}
