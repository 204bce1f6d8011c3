package dev.edgesync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesync.bench.ComparisonTable.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison's pure parts: h2load's report and log, medians, ratios and the table. No servers. */
class ComparisonTest {

    private static final String H2LOAD_REPORT = """
            starting benchmark...
            spawning thread #0: 64 total client(s). Timing-based test with 1s of warm-up time and 10s of main duration for measurements.
            Warm-up started for thread #0.
            progress: 10% of clients started
            Warm-up phase is over for thread #0.
            Main benchmark duration is started for thread #0.
            Main benchmark duration is over for thread #0. Stopping all clients.
            Stopped all clients for thread #0

            finished in 11.00s, 4992.00 req/s, 5.71MB/s
            requests: 49920 total, 49984 started, 49920 done, 49918 succeeded, 2 failed, 0 errored, 0 timeout
            status codes: 49918 2xx, 0 3xx, 2 4xx, 0 5xx
            """;

    @Test
    void h2loadPercentilesComeFromItsPerRequestLog() {
        List<String> log = new ArrayList<>();
        // 1,000 requests: 980 of 100 µs, 18 of 2 ms, 2 of 40 ms (one a 404)
        for (int i = 0; i < 980; i++) {
            log.add("1796019347977636\t200\t100");
        }
        for (int i = 0; i < 18; i++) {
            log.add("1796019347977636\t200\t2000");
        }
        log.add("1796019347977636\t404\t40000");
        log.add("1796019347977636\t200\t40000");
        H2load.Result r = H2load.parse(H2LOAD_REPORT, log);
        assertEquals(49920, r.requests());
        assertEquals(49918, r.succeeded());
        assertEquals(2, r.failed());
        assertEquals(1, r.non2xx());
        assertEquals(1000, r.logged());
        assertEquals(0.10, r.p50Ms(), 0.001);
        assertEquals(2.0, r.p99Ms(), 0.01);
        assertEquals(40.0, r.p999Ms(), 0.05);
        assertEquals(40.0, r.maxMs(), 0.05);
    }

    @Test
    void h2loadWithoutSummaryOrLogIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> H2load.parse("connect: Connection refused", List.of("1\t200\t5")));
        assertThrows(IllegalArgumentException.class, () -> H2load.parse(H2LOAD_REPORT, List.of()));
    }

    @Test
    void h2loadSpreadsTheTotalRateOverTheConnections() {
        List<String> cmd = H2load.command(64, 5000, 10, java.nio.file.Path.of("/tmp/x.log"), "http://127.0.0.1:1/1k");
        assertTrue(cmd.contains("--rps=78.125"), cmd.toString());
        assertTrue(cmd.contains("-c64") && cmd.contains("--h1") && cmd.contains("10s"), cmd.toString());
    }

    @Test
    void medianOfOddAndEvenRounds() {
        assertEquals(3.0, ComparisonTable.median(List.of(9.0, 1.0, 3.0)));
        assertEquals(2.5, ComparisonTable.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals("0.32×", ComparisonTable.ratio(18_210, 56_276));
        assertEquals("n/a", ComparisonTable.ratio(1, 0));
    }

    private static ComparisonTable table() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("nginx", "nginx proxy_cache");
        columns.put("varnish", "Varnish 7.1");
        columns.put("edge", "EdgeSync edge");
        return new ComparisonTable(new ComparisonTable.Setup(64, 5000, 10_000, 100_000, 15, 1000, 200), columns);
    }

    @Test
    void tableShowsMediansWithRatiosToTheFirstColumn() {
        ComparisonTable t = table();
        for (double v : new double[] {50_000, 56_276, 60_000}) {
            t.add("nginx", Metric.HIT_1K, v);
        }
        for (double v : new double[] {18_210, 1_000, 90_000}) {
            t.add("edge", Metric.HIT_1K, v);
        }
        String md = t.markdown();
        assertTrue(md.startsWith("| measure | nginx proxy_cache | Varnish 7.1 | EdgeSync edge |\n|---|---|---|---|\n"),
                md);
        assertTrue(md.contains("| hit 1 KiB, `wrk -t2 -c64`, req/s | 56,276 | — | 18,210 (0.32×) |"), md);
    }

    @Test
    void latencyZipfAndStormCells() {
        ComparisonTable t = table();
        t.add("nginx", Metric.P50_MS, 0.10);
        t.add("nginx", Metric.P99_MS, 0.32);
        t.add("nginx", Metric.P999_MS, 1.84);
        t.add("edge", Metric.P50_MS, 0.34);
        t.add("edge", Metric.P99_MS, 1.74);
        t.add("edge", Metric.P999_MS, 6.90);
        t.add("nginx", Metric.ZIPF_RPS, 42_973);
        t.add("nginx", Metric.ZIPF_ANSWERED, 100_000);
        t.add("nginx", Metric.ZIPF_FINISHED, 1);
        t.add("edge", Metric.ZIPF_RPS, 5_597);
        t.add("edge", Metric.ZIPF_ANSWERED, 83_955);
        t.add("edge", Metric.ZIPF_FINISHED, 0);
        // fetches: the worst round counts, not the median
        t.add("varnish", Metric.STORM_FETCHES, 1);
        t.add("varnish", Metric.STORM_FETCHES, 2);
        t.add("varnish", Metric.STORM_FETCHES, 1);
        t.add("varnish", Metric.STORM_SLOWEST_MS, 290);
        // when the origin was asked: the median of the rounds, after the slowest answer
        t.add("edge", Metric.STORM_FETCHES, 1);
        t.add("edge", Metric.STORM_SLOWEST_MS, 253);
        t.add("edge", Metric.STORM_ASKED_MS, 41.2);
        t.add("edge", Metric.STORM_ASKED_MS, 38.6);
        t.add("edge", Metric.STORM_ASKED_MS, 60.1);
        String md = t.markdown();
        assertTrue(md.contains("| fixed 5,000 req/s (h2load, open loop): P50 / P99 / P99.9 ms | 0.10 / 0.32 / 1.84 | — "
                + "| 0.34 / 1.74 / 6.90 (P99 5.44×) |"), md);
        assertTrue(md.contains("| 42,973 | — | 5,597 (0.13×; did not finish its quota in 15 s: 83,955 answered) |"), md);
        assertTrue(md.contains("origin fetches / slowest answer | — | 2 / 290 ms | 1 / 253 ms (origin asked at 41 ms) |"),
                md);
        assertTrue(t.rounds().contains("- varnish storm_fetches: 1, 2, 1\n"), t.rounds());
        assertTrue(t.rounds().contains("- edge p999_ms: 6.90\n"), t.rounds());
    }

    @Test
    void tierCpuRowAndAClientBoundHitAreShown() {
        ComparisonTable t = table();
        t.add("nginx", Metric.HIT_64K, 21_574);
        t.add("nginx", Metric.HIT_64K_TIER_US, 40.0);
        t.add("nginx", Metric.HIT_64K_TIER_BUSY, 0.86);
        t.add("nginx", Metric.HIT_64K_LOAD_BUSY, 0.99);
        t.add("nginx", Metric.HIT_1K_TIER_US, 30.0);
        t.add("nginx", Metric.ZIPF_TIER_US, 50.0);
        t.add("edge", Metric.HIT_64K, 18_619);
        t.add("edge", Metric.HIT_64K_TIER_US, 30.0);
        t.add("edge", Metric.HIT_64K_TIER_BUSY, 0.55);
        t.add("edge", Metric.HIT_64K_LOAD_BUSY, 0.98);
        t.add("edge", Metric.HIT_1K_TIER_US, 15.0);
        t.add("edge", Metric.HIT_1K_TIER_BUSY, 1.0);
        t.add("edge", Metric.HIT_1K_LOAD_BUSY, 0.99);
        String md = t.markdown();
        // both 64 KiB runs saturated the load core and left the tier's core more than 10 % idle: both are marked;
        // the edge's 1 KiB run kept its tier core busy: no mark
        assertTrue(md.contains("| hit 64 KiB, `wrk -t2 -c64`, req/s | 21,574 [load core 99 % busy, tier core 86 %: "
                + "client-bound] | — | 18,619 (0.86×) [load core 98 % busy, tier core 55 %: client-bound] |"), md);
        assertTrue(md.contains("| hit 1 KiB, `wrk -t2 -c64`, req/s | — | — | — |"), md);
        assertTrue(md.contains("µs: hit 1 KiB / hit 64 KiB / Zipf | 30.0 / 40.0 / 50.0 | — | 15.0 / 30.0 / — "
                + "(0.50× / 0.75× / —) |"), md);
    }

    @Test
    void coreTimeCountsBusyTicksOfTheChosenCpusOnly() {
        List<String> stat = List.of(
                "cpu  300 0 100 900 10 0 5 0 0 0",
                "cpu0 100 0 50 300 5 0 5 0 0 0",
                "cpu1 200 0 50 600 5 0 0 0 0 0",
                "intr 12345");
        // busy: user nice system irq softirq steal; idle and iowait are not busy
        assertEquals(new CoreTime.Sample(155, 460), CoreTime.sample(stat, CoreTime.parse("0")));
        assertEquals(new CoreTime.Sample(405, 1315), CoreTime.sample(stat, CoreTime.parse("0-1")));
        assertThrows(IllegalArgumentException.class, () -> CoreTime.sample(stat, CoreTime.parse("0,2")));
        CoreTime.Sample before = new CoreTime.Sample(100, 1000);
        CoreTime.Sample after = new CoreTime.Sample(150, 1100);
        assertEquals(0.5, after.busyShare(before), 1e-9);
        assertEquals(50.0, after.microsPerRequest(before, 10_000), 1e-9); // 50 ticks = 0.5 s over 10,000 requests
    }

    @Test
    void coreTimeSeesThisProcessSpinOnTheRealMachine() {
        int cpus = Runtime.getRuntime().availableProcessors();
        CoreTime all = new CoreTime("0-" + (cpus - 1));
        CoreTime.Sample before = all.now();
        long end = System.nanoTime() + 600_000_000L;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        CoreTime.Sample after = all.now();
        double busySeconds = (after.busy() - before.busy()) / CoreTime.TICKS_PER_SECOND;
        double totalSeconds = (after.total() - before.total()) / CoreTime.TICKS_PER_SECOND;
        assertTrue(spins > 0);
        // one core spun for 0.6 s: at least that much busy time (ticks are 10 ms), out of ~0.6 s per CPU in all
        assertTrue(busySeconds >= 0.5, "busy " + busySeconds + " s of " + totalSeconds);
        assertTrue(totalSeconds >= 0.5 * cpus && totalSeconds <= 1.5 * cpus, "total " + totalSeconds + " s");
    }
}
