package dev.edgesync.bench;

import static dev.edgesync.bench.Figures.fmt;
import static dev.edgesync.bench.Figures.ms;
import static dev.edgesync.bench.Figures.pct;
import static dev.edgesync.bench.RunningTopology.HOST;

import dev.edgesync.lab.client.EdgeSummary;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** 1: hit throughput and latency of the measured region's edge for a 1 KiB and a 64 KiB body (wrk and HitLoad). */
final class HitScenario implements Scenario {
    @Option(names = "--hit-seconds", converter = Count.class, paramLabel = "N",
            description = "Length of each hit run, 1..60 "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "15")
    int hitSeconds;

    @Option(names = "--connections", converter = Count.class, paramLabel = "N",
            description = "Connections of the hit runs, 1..1024 "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "64")
    int connections;

    @Option(names = "--no-wrk", description = "Leave wrk out: the hit figures come from the bench's own driver only "
            + "(run.sh adds it when wrk is missing)")
    boolean noWrk;

    @Override
    public void validate(CommandLine cli) {
        Scenario.require(cli, "--hit-seconds", hitSeconds, 1, 60);
        Scenario.require(cli, "--connections", connections, 1, 1024);
    }

    @Override
    public void run(RunningTopology t) throws Exception {
        String edge = t.topology.edgeUrl(t.region);
        int port = URI.create(edge).getPort();
        for (int size : new int[] {1024, 64 * 1024}) {
            String label = size == 1024 ? "1 KiB" : "64 KiB";
            String id = t.createContent("bench hit " + label, "bench-hit-" + size + "-" + System.nanoTime(),
                    RunningTopology.randomText(size, size));
            String path = "/api/content/" + id;
            RawHttp.Response warm = warm(port, path);
            String what = String.format(Locale.ROOT, "%s body (%,d B response), %s, %d connections", label,
                    warm.bodyBytes(), t.region, connections);
            System.err.println("bench: hit load " + what);
            HitLoad.run(HOST, port, path, connections, Duration.ofSeconds(3), 5_000_000); // JIT warm-up
            if (!noWrk) {
                wrkRow(t, edge + path, label, what);
            }
            HitLoad.Result d = HitLoad.run(HOST, port, path, connections, Duration.ofSeconds(hitSeconds),
                    20_000_000);
            t.report.command(String.format(Locale.ROOT, "bench driver: %d keep-alive connections (1 thread each), "
                    + "GET %s for %d s, max 20,000,000 requests", connections, path.replace(id, "{id}"), hitSeconds));
            t.report.row("1", "Hit, " + what + ", bench driver",
                    String.format(Locale.ROOT, "%s req/s, p50 %s, p99 %s", fmt(d.requestsPerSecond(), 0),
                            ms(d.p50Micros()), ms(d.p99Micros())),
                    String.format(Locale.ROOT, "%,d requests in %.1f s; %s HIT; %d errors; p90 %s, max %s; %s MB/s",
                            d.requests(), d.seconds(), pct(d.hits(), d.requests()), d.errors(), ms(d.p90Micros()),
                            ms(d.maxMicros()), fmt(d.bodyBytes() / d.seconds() / 1e6, 1)));
        }
    }

    private void wrkRow(RunningTopology t, String url, String label, String what) throws Exception {
        Optional<String> binary = Wrk.binary();
        if (binary.isEmpty()) {
            t.report.row("1", "Hit, " + label + ", wrk", "skipped", "wrk not installed (bench/run.sh installs "
                    + "the Debian package when run as root); see the bench driver's row");
            return;
        }
        List<String> cmd = Wrk.command(binary.get(), 2, connections, hitSeconds, url);
        t.report.command(Wrk.display(cmd));
        EdgeSummary before = t.regionSummary();
        Wrk.Result r = Wrk.run(cmd, hitSeconds);
        EdgeSummary after = t.regionSummary();
        long req = after.requests() - before.requests();
        long hit = after.hits() - before.hits();
        t.report.row("1", "Hit, " + what + ", wrk",
                String.format(Locale.ROOT, "%s req/s, p50 %s, p99 %s", fmt(r.requestsPerSecond(), 0),
                        ms(r.p50Micros()), ms(r.p99Micros())),
                String.format(Locale.ROOT, "%,d requests in %d s; edge counted %s HIT; non-2xx %d; socket errors %s",
                        r.requests(), hitSeconds, pct(hit, req), r.non2xx(), r.socketErrors()));
    }

    /** Requests the path until the edge serves it HIT (one connection each, at most 50 times). */
    static RawHttp.Response warm(int port, String path) throws Exception {
        RawHttp.Response last = null;
        for (int i = 0; i < 50; i++) {
            try (RawHttp c = new RawHttp(HOST, port, 5000)) {
                last = c.exchange(c.request("GET", path), false, false);
            }
            if (last.status() == 200 && "HIT".equals(last.xCache())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(path + " not served HIT after warming: " + (last == null ? "no answer"
                : last.status() + " X-Cache " + last.xCache()));
    }
}
