package dev.edgesync.lab.chaos;

import java.util.Locale;

/** The run as a text table for people: one row per fault. */
public final class ChaosTable {
    private ChaosTable() {
    }

    public static String render(ChaosResult result) {
        StringBuilder out = new StringBuilder();
        String format = "%-28s %7s %11s %10s %7s %10s %7s %10s%n";
        out.append(String.format(Locale.ROOT, format, "fault", "reads", "violations", "stale>2s", "lost", "acks-lost",
                "errors", "recover"));
        for (FaultResult f : result.faults()) {
            out.append(String.format(Locale.ROOT, format, f.fault() + (f.region() == null ? "" : "@" + f.region()),
                    f.reads(), count(f.violations()), count(f.staleTooLong()), f.lostInvalidations(), f.lostAcks(),
                    f.errors(), seconds(f.recoverMs())));
        }
        return out.toString();
    }

    /** The same rows as a Markdown table, for the README. */
    public static String markdown(ChaosResult result) {
        StringBuilder out = new StringBuilder("| fault | reads | violations | lazy STALE > 2 s past due | lost invalidations | acks lost at the origin | errors | time to recover |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FaultResult f : result.faults()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %d | %d | %s |%n",
                    f.fault() + (f.region() == null ? "" : " (" + f.region() + ")"), f.reads(), count(f.violations()),
                    count(f.staleTooLong()), f.lostInvalidations(), f.lostAcks(), f.errors(), seconds(f.recoverMs())));
        }
        return out.toString();
    }

    /** A count, or "n/a" when the fault has no verdict (its load failed). */
    public static String count(long n) {
        return n < 0 ? "n/a" : String.valueOf(n);
    }

    public static String seconds(long ms) {
        return ms < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
