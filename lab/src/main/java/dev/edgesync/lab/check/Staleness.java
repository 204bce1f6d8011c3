package dev.edgesync.lab.check;

import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Staleness windows: for every write and region, the time from the write's commit (end of the write
 * request) until a read in that region first served that version or a newer one fresh (not STALE).
 * Pure code.
 */
public final class Staleness {
    private Staleness() {
    }

    /** One update as one region experienced it; {@code windowMs} is null when no read observed it. */
    public record Window(String item, long version, long commitTime, String region, Long windowMs,
            Long firstStaleMs) {
    }

    /** Windows per write (in commit order), for each region in {@code regions}. Writes of version 1 are creations and skipped. */
    public static List<Window> windows(History history, List<String> regions) {
        Map<String, List<ReadOp>> byRegionItem = new HashMap<>();
        for (ReadOp r : history.reads()) {
            if (r.served()) {
                byRegionItem.computeIfAbsent(r.region() + "\u0000" + r.item(), k -> new ArrayList<>()).add(r);
            }
        }
        byRegionItem.values().forEach(l -> l.sort(Comparator.comparingLong(ReadOp::end)));
        List<WriteOp> writes = new ArrayList<>(history.writes());
        writes.sort(Comparator.comparingLong(WriteOp::commitTime));
        List<Window> out = new ArrayList<>();
        for (WriteOp w : writes) {
            if (w.version() <= 1) {
                continue;
            }
            for (String region : regions) {
                Long window = null;
                Long firstStale = null;
                for (ReadOp r : byRegionItem.getOrDefault(region + "\u0000" + w.item(), List.of())) {
                    if (r.start() < w.start()) {
                        continue;
                    }
                    if (r.stale() && r.version() < w.version() && firstStale == null && r.start() >= w.end()) {
                        firstStale = Math.max(0, r.end() - w.commitTime());
                    }
                    if (!r.stale() && r.version() >= w.version()) {
                        window = Math.max(0, r.end() - w.commitTime());
                        break;
                    }
                }
                out.add(new Window(w.item(), w.version(), w.commitTime(), region, window, firstStale));
            }
        }
        return out;
    }

    /** The largest observed window per region (ms), or -1 when none was observed. */
    public static Map<String, Long> worst(List<Window> windows, List<String> regions) {
        Map<String, Long> worst = new LinkedHashMap<>();
        regions.forEach(r -> worst.put(r, -1L));
        for (Window w : windows) {
            if (w.windowMs() != null) {
                worst.merge(w.region(), w.windowMs(), Math::max);
            }
        }
        return worst;
    }
}
