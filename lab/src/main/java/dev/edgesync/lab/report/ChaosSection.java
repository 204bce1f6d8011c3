package dev.edgesync.lab.report;

import dev.edgesync.lab.chaos.ChaosResult;
import dev.edgesync.lab.chaos.ChaosTable;
import dev.edgesync.lab.chaos.FaultResult;
import java.util.Locale;

/** The report's section for an {@code edgesync chaos} run: the table, then each fault's staleness window over time. */
final class ChaosSection {
    private ChaosSection() {
    }

    static String summary(ChaosResult r) {
        return String.format(Locale.ROOT, "%d fault(s), %d bound violation(s), %d lost invalidation(s)", r.faults().size(),
                r.totalViolations(), r.totalLost());
    }

    static void render(StringBuilder h, String title, ChaosResult r) {
        h.append("<h2>").append(Svg.esc(title)).append("</h2>\n<p>Each fault ran during ")
                .append(r.loadPerFaultMs() / 1000).append(" s of checked load; bound: a version committed more than "
                        + "delay + 1 s before a read started, served unmarked, or a lazy STALE answer more than 2 s past due.</p>\n");
        h.append("<table><tr><th>fault</th><th>reads</th><th>violations</th><th>STALE &gt; 2 s</th><th>lost invalidations</th>"
                + "<th>acks lost at the origin</th><th>errors</th><th>time to recover</th></tr>\n");
        for (FaultResult f : r.faults()) {
            h.append("<tr><td title=\"").append(Svg.esc(f.description())).append("\">").append(Svg.esc(f.fault()))
                    .append(f.region() == null ? "" : " (" + Svg.esc(f.region()) + ")").append("</td><td>").append(f.reads())
                    .append("</td><td class=\"").append(f.violations() == 0 ? "good" : "bad").append("\">")
                    .append(ChaosTable.count(f.violations())).append("</td><td>").append(ChaosTable.count(f.staleTooLong())).append("</td><td class=\"")
                    .append(f.lostInvalidations() == 0 ? "good" : "bad").append("\">").append(f.lostInvalidations())
                    .append("</td><td>").append(f.lostAcks()).append("</td><td>").append(f.errors()).append("</td><td>").append(ChaosTable.seconds(f.recoverMs()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (FaultResult f : r.faults()) {
            h.append(Svg.lines("Staleness window per update: " + f.fault(), "commit time (s since the load started)",
                    "window (ms)", f.windows(), null, new double[] {f.faultFromMs() / 1000.0, f.faultToMs() / 1000.0},
                    "fault"));
            if (!f.examples().isEmpty()) {
                h.append("<ul>");
                f.examples().forEach(e -> h.append("<li><code>").append(Svg.esc(e)).append("</code></li>"));
                h.append("</ul>\n");
            }
        }
    }
}
