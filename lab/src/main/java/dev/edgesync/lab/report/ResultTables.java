package dev.edgesync.lab.report;

import dev.edgesync.lab.load.LoadResult;
import dev.edgesync.lab.load.RegionResult;
import java.util.ArrayList;
import java.util.List;

/** The text tables of load and compare. */
public final class ResultTables {
    private ResultTables() {
    }

    /** The seed experiment's table: region, strategy, requests, hit ratio, P99, stale hits, and an overall row. */
    public static String seedTable(LoadResult result) {
        TextTable t = new TextTable(true, "Region", "Strategy", "Requests", "Hit Ratio", "P99 Latency", "Stale Hits");
        List<RegionResult> rows = new ArrayList<>(result.regions());
        rows.add(result.overall());
        for (RegionResult r : rows) {
            t.row(TextTable.regionTitle(r.region()), TextTable.capitalise(r.strategy()), TextTable.count(r.requests()),
                    TextTable.percent(r.hitRatio()), TextTable.millis(r.p99()), TextTable.count(r.stale()));
        }
        return t.toString();
    }

    /** Everything else per region: latency percentiles, errors, origin fetches and staleness windows. */
    public static String detailTable(LoadResult result) {
        TextTable t = new TextTable("region", "delay", "errors", "hits", "misses", "stale", "p50", "p95", "p99",
                "origin fetches", "updates seen", "median window", "worst window");
        List<RegionResult> rows = new ArrayList<>(result.regions());
        rows.add(result.overall());
        for (RegionResult r : rows) {
            t.row(r.region(), r.delayMs() < 0 ? "-" : r.delayMs() + "ms", r.errors(), r.hits(), r.misses(), r.stale(),
                    TextTable.millis(r.p50()), TextTable.millis(r.p95()), TextTable.millis(r.p99()),
                    r.originFetches() < 0 ? "-" : String.valueOf(r.originFetches()),
                    r.updatesObserved() + "/" + r.updates(), TextTable.millisOrDash(r.medianWindowMs()),
                    TextTable.millisOrDash(r.worstWindowMs()));
        }
        return t.toString();
    }

    /** Eager and lazy side by side, per region and overall. */
    public static String compareTable(LoadResult eager, LoadResult lazy) {
        TextTable t = new TextTable("region", "delay", "hit ratio eager", "hit ratio lazy", "stale eager", "stale lazy",
                "origin fetches eager", "origin fetches lazy", "p99 eager", "p99 lazy", "worst window eager",
                "worst window lazy");
        List<RegionResult> e = new ArrayList<>(eager.regions());
        e.add(eager.overall());
        List<RegionResult> l = new ArrayList<>(lazy.regions());
        l.add(lazy.overall());
        for (int i = 0; i < e.size(); i++) {
            RegionResult a = e.get(i);
            RegionResult b = l.get(i);
            t.row(a.region(), a.delayMs() < 0 ? "-" : a.delayMs() + "ms", TextTable.percent(a.hitRatio()),
                    TextTable.percent(b.hitRatio()), TextTable.count(a.stale()), TextTable.count(b.stale()),
                    a.originFetches() < 0 ? "-" : TextTable.count(a.originFetches()),
                    b.originFetches() < 0 ? "-" : TextTable.count(b.originFetches()), TextTable.millis(a.p99()),
                    TextTable.millis(b.p99()), TextTable.millisOrDash(a.worstWindowMs()),
                    TextTable.millisOrDash(b.worstWindowMs()));
        }
        return t.toString();
    }
}
