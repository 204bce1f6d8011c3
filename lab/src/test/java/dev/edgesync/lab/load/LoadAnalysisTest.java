package dev.edgesync.lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgesync.events.Strategy;
import dev.edgesync.lab.check.CheckReport;
import dev.edgesync.lab.check.ConsistencyChecker;
import dev.edgesync.lab.check.RegionPolicy;
import dev.edgesync.lab.history.History;
import dev.edgesync.lab.history.ReadOp;
import dev.edgesync.lab.history.WriteOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadAnalysisTest {
    static History sample() {
        List<ReadOp> reads = new ArrayList<>();
        long t = 1_000_000;
        // us-east: 1 miss then 9 hits, latencies 1..10 ms
        for (int i = 0; i < 10; i++) {
            reads.add(new ReadOp("us-east", "us-east/c0", "1", t + i * 100, t + i * 100 + i + 1, 200, 1,
                    i == 0 ? "MISS" : "HIT", false));
        }
        // eu-west: miss, stale, error, hits
        reads.add(new ReadOp("eu-west", "eu-west/c0", "1", t, t + 20, 200, 1, "MISS", false));
        reads.add(new ReadOp("eu-west", "eu-west/c0", "1", t + 1500, t + 1502, 200, 1, "STALE", false));
        reads.add(new ReadOp("eu-west", "eu-west/c0", "1", t + 1600, t + 1601, 502, -1, null, false));
        reads.add(new ReadOp("eu-west", "eu-west/c0", "1", t + 1700, t + 1701, 200, 2, "HIT", false));
        // probes do not count in the statistics
        reads.add(new ReadOp("eu-west", "probe-eu-west", "1", t + 1650, t + 1651, 200, 2, "MISS", true));
        List<WriteOp> writes = List.of(new WriteOp("1", 1, t - 100, t - 90), new WriteOp("1", 2, t + 1000, t + 1010));
        return new History(writes, reads);
    }

    static Map<String, RegionPolicy> policies() {
        Map<String, RegionPolicy> p = new LinkedHashMap<>();
        p.put("us-east", new RegionPolicy(Strategy.EAGER, 100));
        p.put("eu-west", new RegionPolicy(Strategy.LAZY, 300));
        return p;
    }

    static LoadResult analyzed() {
        History h = sample();
        CheckReport check = new ConsistencyChecker(policies(), 200).check(h);
        LoadOptions options = new LoadOptions(1, 1.0, 1, 10, 10, 60_000, 1, 42, 15);
        return LoadAnalysis.analyze("run-1", 1_000_000, 2000, options, policies(),
                Map.of("us-east", 1L, "eu-west", 2L), h, check, 200);
    }

    @Test
    void perRegionAndOverallStatistics() {
        LoadResult r = analyzed();
        RegionResult east = r.region("us-east");
        assertEquals(10, east.requests());
        assertEquals(0.9, east.hitRatio(), 1e-9);
        assertEquals(5, east.p50());
        assertEquals(10, east.p99());
        assertEquals(0, east.stale());
        assertEquals("eager", east.strategy());
        RegionResult west = r.region("eu-west");
        assertEquals(4, west.requests());
        assertEquals(1, west.errors());
        assertEquals(1, west.stale());
        assertEquals(0.5, west.hitRatio(), 1e-9);
        assertEquals(2, west.originFetches());
        assertEquals(1, west.updatesObserved());
        assertEquals(641, west.worstWindowMs()); // write committed at +1010, the probe read v2 fresh by +1651
        assertEquals(-1, east.worstWindowMs()); // us-east never read v2
        RegionResult overall = r.overall();
        assertEquals("mixed", overall.strategy());
        assertEquals(14, overall.requests());
        assertEquals(3, overall.originFetches());
        assertEquals(0, r.check().violations());
        assertEquals(2, r.writes());
        assertEquals(10, r.latencyHistogram().get("us-east")[0] + r.latencyHistogram().get("us-east")[1]
                + r.latencyHistogram().get("us-east")[2] + r.latencyHistogram().get("us-east")[3]
                + r.latencyHistogram().get("us-east")[4] + r.latencyHistogram().get("us-east")[5]);
        assertEquals(1, r.hitsPerSecond().get("us-east").size());
        assertEquals(10, r.hitsPerSecond().get("us-east").get(0)[0]);
        assertEquals(9, r.hitsPerSecond().get("us-east").get(0)[1]);
    }

    @Test
    void nearestRankPercentile() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, LoadAnalysis.percentile(v, 50));
        assertEquals(10, LoadAnalysis.percentile(v, 99));
        assertEquals(1, LoadAnalysis.percentile(v, 1));
        assertEquals(0, LoadAnalysis.percentile(new double[0], 99));
    }
}
