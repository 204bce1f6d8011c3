package dev.edgesync.bench;

import dev.edgesync.bench.ComparisonTable.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Takes the chosen measures of one cache in one round of the comparison into its table, and keeps, for the report,
 * each command line once and a note for anything that went wrong.
 */
final class RoundMeasures {
    private final CompareOptions o;
    private final CompressionScenario compression = new CompressionScenario();
    private final List<String> commands = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final CoreTime tierCore;
    private final CoreTime loadCore;

    RoundMeasures(CompareOptions options) {
        this.o = options;
        this.tierCore = new CoreTime(options.tierCpu);
        this.loadCore = new CoreTime(options.loadCpu);
    }

    /** The command lines of the measures, each once, with the cache's port as {@code $PORT}. */
    List<String> commands() {
        return commands;
    }

    /** What went wrong in a round (non-2xx answers, errors) and what the rounds achieved. */
    List<String> notes() {
        return notes;
    }

    CompressionScenario compression() {
        return compression;
    }

    void measure(CacheTier.Proxy p, int round, ComparisonTable table, int[] zipf, SlowOrigin slow, Path dir)
            throws Exception {
        List<String> load = List.of("taskset", "-c", o.loadCpu);
        // hits: warm the object and the JIT, then measure
        for (String path : o.measures.contains("hit") ? List.of("/1k", "/64k") : List.<String>of()) {
            for (int i = 0; i < 3; i++) {
                try (RawHttp c = new RawHttp("127.0.0.1", p.port(), 30_000)) {
                    c.exchange(c.request("GET", path), false, false);
                }
            }
            List<String> warm = new ArrayList<>(load);
            warm.addAll(Wrk.command("wrk", 2, o.connections, Math.max(2, o.hitSeconds / 3), p.url() + path));
            Wrk.run(warm, o.hitSeconds);
            List<String> cmd = new ArrayList<>(load);
            cmd.addAll(Wrk.command("wrk", 2, o.connections, o.hitSeconds, p.url() + path));
            CoreTime.Sample tier0 = tierCore.now();
            CoreTime.Sample load0 = loadCore.now();
            Wrk.Result r = Wrk.run(cmd, o.hitSeconds);
            CoreTime.Sample tier1 = tierCore.now();
            CoreTime.Sample load1 = loadCore.now();
            once(String.join(" ", cmd).replace(p.url(), "http://127.0.0.1:$PORT"));
            if (r.non2xx() > 0) {
                notes.add(String.format(Locale.ROOT, "round %d, %s, %s: %,d non-2xx answers", round, p.name(), path,
                        r.non2xx()));
            }
            boolean small = path.equals("/1k");
            table.add(p.name(), small ? Metric.HIT_1K : Metric.HIT_64K, r.requestsPerSecond());
            table.add(p.name(), small ? Metric.HIT_1K_TIER_US : Metric.HIT_64K_TIER_US,
                    tier1.microsPerRequest(tier0, r.requests()));
            table.add(p.name(), small ? Metric.HIT_1K_TIER_BUSY : Metric.HIT_64K_TIER_BUSY, tier1.busyShare(tier0));
            table.add(p.name(), small ? Metric.HIT_1K_LOAD_BUSY : Metric.HIT_64K_LOAD_BUSY, load1.busyShare(load0));
        }
        if (o.measures.contains("rate")) {
            fixedRate(p, round, table, dir, load);
        }
        if (o.measures.contains("zipf")) {
            zipf(p, round, table, zipf);
        }
        if (o.measures.contains("storm")) {
            storm(p, round, table, slow);
        }
        if (o.measures.contains("gzip")) {
            compression.measure(p, load, o.connections, o.hitSeconds);
        }
        if (o.measures.contains("redis") && p.redisPort() > 0) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, %s", round, p.name(),
                    RedisTrips.perRequest(p.redisPort(), p.port(), "?trips=" + round)));
        }
    }

    private void fixedRate(CacheTier.Proxy p, int round, ComparisonTable table, Path dir, List<String> load)
            throws Exception {
        Path log = dir.resolve("h2load-" + p.name() + "-" + round + ".log");
        List<String> h2 = H2load.command(o.connections, o.rate, o.rateSeconds, log, p.url() + "/1k");
        H2load.Result h = H2load.run(load, h2, log, o.rateSeconds);
        once(String.join(" ", load) + " " + String.join(" ", h2).replace(p.url(), "http://127.0.0.1:$PORT")
                .replace(log.toString(), "LOG"));
        if (h.failed() > 0 || h.non2xx() > 0) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, fixed rate: %,d failed, %,d non-2xx", round, p.name(),
                    h.failed(), h.non2xx()));
        }
        notes.add(String.format(Locale.ROOT, "round %d, %s, fixed rate: %,d requests logged in %d s (%,.0f req/s "
                + "achieved)", round, p.name(), h.logged(), o.rateSeconds, h.logged() / (double) o.rateSeconds));
        table.add(p.name(), Metric.P50_MS, h.p50Ms());
        table.add(p.name(), Metric.P99_MS, h.p99Ms());
        table.add(p.name(), Metric.P999_MS, h.p999Ms());
        Files.deleteIfExists(log);
    }

    private void zipf(CacheTier.Proxy p, int round, ComparisonTable table, int[] zipf) throws Exception {
        // Zipf from a cold cache: a query string of its own per round and cache makes every object a miss at first.
        // First warm-up passes over other keys (?w=<pass>, the same in every round): the cache is still cold for the
        // measured keys, but a JIT has compiled its miss path by then (in the first round; later rounds' warm-up passes
        // are hits), as the hit measures warm before they measure (the same for all three caches). Each pass's rate is
        // noted, so a cold process's figure stays visible.
        for (int pass = 1; pass <= o.zipfWarmups; pass++) {
            String warm = "?w=" + pass;
            ZipfLoad.Result w = ZipfLoad.run("127.0.0.1", p.port(), zipf, k -> "/obj/" + k + warm, o.connections,
                    o.zipfLimitSeconds * 1000L);
            notes.add(String.format(Locale.ROOT, "round %d, %s, Zipf warm-up pass %d: %,.0f req/s%s", round, p.name(),
                    pass, w.requestsPerSecond(), w.finished() ? "" : String.format(Locale.ROOT,
                            " (%,d of %,d in %d s)", w.answered(), o.zipfRequests, o.zipfLimitSeconds)));
        }
        String tag = "?r=" + round;
        CoreTime.Sample tier0 = tierCore.now();
        ZipfLoad.Result z = ZipfLoad.run("127.0.0.1", p.port(), zipf, k -> "/obj/" + k + tag, o.connections,
                o.zipfLimitSeconds * 1000L);
        table.add(p.name(), Metric.ZIPF_TIER_US, tierCore.now().microsPerRequest(tier0, z.answered()));
        once(String.format(Locale.ROOT, "Zipf: bench driver, %d keep-alive connections, GET /obj/{k}?r={round} for the "
                + "first %,d of a Zipf(s=1, seed 42) sequence over %,d objects, limit %d s, after %d warm-up "
                + "passes over /obj/{k}?w={pass}", o.connections,
                o.zipfRequests, o.zipfObjects, o.zipfLimitSeconds, o.zipfWarmups));
        table.add(p.name(), Metric.ZIPF_RPS, z.requestsPerSecond());
        table.add(p.name(), Metric.ZIPF_ANSWERED, z.answered());
        table.add(p.name(), Metric.ZIPF_FINISHED, z.finished() ? 1 : 0);
        if (z.errors() > 0) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, Zipf: %,d errors", round, p.name(), z.errors()));
        }
    }

    private void storm(CacheTier.Proxy p, int round, ComparisonTable table, SlowOrigin slow) throws Exception {
        // one storm of another key first (not counted): warm, as before the other measures
        MissStorm.run("127.0.0.1", p.port(), "/slow/" + p.name() + "-" + round + "-warm-" + System.nanoTime(), o.storm);
        String key = "/slow/" + p.name() + "-" + round + "-" + System.nanoTime();
        MissStorm.Result s = MissStorm.run("127.0.0.1", p.port(), key, o.storm);
        once(String.format(Locale.ROOT, "miss storm: bench driver, %,d connections opened first, then one GET "
                + "/slow/{new key} each at once (after one such storm of another key); the nginx origin passes /slow/ to a Java origin that answers after "
                + "%d ms and counts fetches", o.storm, o.stormDelayMs));
        table.add(p.name(), Metric.STORM_FETCHES, slow.fetches(key));
        table.add(p.name(), Metric.STORM_SLOWEST_MS, s.slowestMs());
        // how much of the slowest answer went by before the cache asked the origin at all
        slow.firstAsked(key).ifPresent(at -> table.add(p.name(), Metric.STORM_ASKED_MS, (at - s.releasedNanos()) / 1e6));
        if (s.errors() > 0 || s.ok() != o.storm) {
            notes.add(String.format(Locale.ROOT, "round %d, %s, miss storm: %d ok, %d errors", round, p.name(), s.ok(),
                    s.errors()));
        }
    }

    private void once(String command) {
        if (!commands.contains(command)) {
            commands.add(command);
        }
    }
}
