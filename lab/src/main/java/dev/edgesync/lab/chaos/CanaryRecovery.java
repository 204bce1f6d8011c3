package dev.edgesync.lab.chaos;

import dev.edgesync.lab.client.EdgeSyncApi;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.lab.history.WriteOp;
import dev.edgesync.testkit.servers.Ports;
import java.time.Duration;
import java.util.List;

/** After a fault: writes the canary and times how long until every region serves that version fresh. */
final class CanaryRecovery {
    /** How long a region may take to serve fresh again after a fault before it counts as not recovered. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    private CanaryRecovery() {
    }

    /**
     * Writes the canary and waits until every region serves that version fresh: ms from {@code faultEnd},
     * or -1 when that did not happen within {@link #LIMIT}. The write is added to {@code extraWrites}.
     */
    static long measure(EdgeSyncApi api, String canary, List<WriteOp> extraWrites, long faultEnd) {
        long deadline = System.currentTimeMillis() + LIMIT.toMillis();
        EdgeSyncApi.Written written = null;
        long start = 0;
        while (written == null && System.currentTimeMillis() < deadline) {
            start = System.currentTimeMillis();
            try {
                written = api.updateTitle(canary, "canary after the fault " + start);
            } catch (RuntimeException e) {
                Ports.sleep(200);
            }
        }
        if (written == null) {
            return -1;
        }
        extraWrites.add(new WriteOp(canary, written.version(), start, System.currentTimeMillis()));
        for (String region : api.targets().regions()) {
            while (true) {
                LabHttp.Response r = api.readEdge(region, canary);
                if (servesFresh(r, written.version())) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    return -1;
                }
                Ports.sleep(50);
            }
        }
        return System.currentTimeMillis() - faultEnd;
    }

    /** A region serves {@code version} or a newer one, and not marked STALE. */
    static boolean servesFresh(LabHttp.Response r, long version) {
        return r.status() == 200 && r.version() >= version && !"STALE".equals(r.xCache());
    }
}
