package dev.edgesync.bench;

import static dev.edgesync.bench.Figures.fmt;
import static dev.edgesync.bench.Figures.mb;
import static dev.edgesync.bench.Figures.ms;
import static dev.edgesync.bench.RunningTopology.HOST;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgesync.lab.client.LabHttp;
import dev.edgesync.testkit.topology.RegionSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * 5: bans and purges with {@code --ban-objects} cached objects in the measured region, written straight into its
 * Redis in the edge's entry format ({@link Populator}: a million fills through the edge would be a million origin
 * fetches of a million content items, many minutes here; entries written in the edge's format are judged exactly like
 * filled ones, checked HIT through the edge first).
 * <ul>
 * <li>Hits with 0, 1,000 and 100,000 active bans (patterns {@code /api/bans-<i>/*.png}, recorded in the region's
 * ban set as the edge records them, with its notice): the first lookup of each of 2,000 objects stored before every
 * ban (a Redis lookup judged against the bans), then hits on one object for {@code --ban-hit-seconds}.
 * <li>Purge latency by kind (key, prefix, pattern, tag), {@code --ban-purges} purges each, one after the other:
 * API call to applied in every region, minus that region's delay (the region's {@code appliedAt - issuedAt} from
 * {@code GET /api/purge/{id}}).
 * </ul>
 */
final class BanScenario implements Scenario {
    private static final String GROUP = "b5";
    private static final String TAG = "bench-bans";
    private static final int FIRST_LOOKUPS = 2_000;
    private static final int CONNECTIONS = 16;

    @Option(names = "--ban-objects", converter = Count.class, paramLabel = "N",
            description = "Cached objects of scenario 5, 10000..5000000 (default: ${DEFAULT-VALUE})",
            defaultValue = "1000000")
    int objects;

    @Option(names = "--ban-purges", converter = Count.class, paramLabel = "N",
            description = "Purges of each kind in scenario 5, 5..500 (default: ${DEFAULT-VALUE})", defaultValue = "40")
    int purges;

    @Option(names = "--ban-hit-seconds", converter = Count.class, paramLabel = "N",
            description = "Length of each hit run of scenario 5, 1..60 (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int hitSeconds;

    @Override
    public void validate(CommandLine cli) {
        Scenario.require(cli, "--ban-objects", objects, 10_000, 5_000_000);
        Scenario.require(cli, "--ban-purges", purges, 5, 500);
        Scenario.require(cli, "--ban-hit-seconds", hitSeconds, 1, 60);
    }

    @Override
    public void run(RunningTopology t) throws Exception {
        int redisPort = t.topology.servers().redis(t.region).port();
        int edgePort = URI.create(t.topology.edgeUrl(t.region)).getPort();
        try (Jedis redis = Populator.connect(HOST, redisPort)) {
            new PurgeWatch(t, edgePort).warmUp();
            long maxmemory = Long.parseLong(redis.configGet("maxmemory").get(1));
            long needed = usedMemory(redis) + 1_000L * objects; // about 700 B an entry, with room
            if (maxmemory > 0 && needed > maxmemory) {
                redis.configSet("maxmemory", Long.toString(((needed >> 28) + 1) << 28));
            }
            long used0 = usedMemory(redis);
            System.err.printf("bench: writing %,d entries into %s's Redis ...%n", objects, t.region);
            Populator.Result populated = Populator.populate(HOST, redisPort, GROUP, TAG, objects, 2);
            long evicted = Long.parseLong(Populator.info(redis, "stats", "evicted_keys"));
            t.report.row("5", String.format(Locale.ROOT, "Populate %,d objects in %s's Redis", objects, t.region),
                    String.format(Locale.ROOT, "%.1f s (%s/s)", populated.seconds(), fmt(populated.perSecond(), 0)),
                    String.format(Locale.ROOT, "pipelined SET PX of entries in the edge's format (EntryCodec, %d B), "
                            + "tagged %s; used_memory +%s; %d keys evicted since Redis started", populated.entryBytes(),
                            TAG, mb(usedMemory(redis) - used0), evicted));

            hitsWithBans(t, redis, edgePort);
            redis.del("bans"); // the purges below are measured without the bench's bans
            redis.publish("edgesync:bans", "0");

            for (String kind : List.of("keys", "prefixes", "patterns", "tags")) {
                purgeLatency(t, edgePort, kind);
            }
            t.report.command("bench/run.sh topology --only 5 [--ban-objects N] [--ban-purges N] [--ban-hit-seconds N]");
            t.report.note("Scenario 5: purge latency is the region's appliedAt - issuedAt (the origin stamps issuedAt "
                    + "when it takes the API call) minus the region's delay; 'every region' is the largest of the "
                    + "regions for each purge. The objects are in the measured region's Redis only: applying a key, "
                    + "tag or prefix purge bumps one generation and a pattern records one ban, whatever the number "
                    + "of objects. Purges go one after the other, each waited for in every region (polled every 20 ms).");
        }
    }

    private void hitsWithBans(RunningTopology t, Jedis redis, int edgePort) throws Exception {
        redis.del("bans");
        // a real content item, so that a revalidation (the staleness lease lapses on a starved machine) keeps it cached
        String hot = "/api/content/" + t.createContent("bench bans", "bench-bans-" + System.nanoTime(),
                RunningTopology.randomText(1024, 5));
        HitScenario.warm(edgePort, hot);
        int written = 0;
        int round = 0;
        for (int bans : new int[] { 0, 1_000, 100_000 }) {
            long appliedAt = System.currentTimeMillis();
            Pipeline p = redis.pipelined();
            for (; written < bans; written++) {
                p.zadd("bans", appliedAt, "h /api/bans-" + written + "/*.png");
                if (written % 5_000 == 4_999) {
                    p.sync();
                }
            }
            // a ban that covers one object, recorded last: once that object is not HIT, the edge has every ban
            String marker = Populator.key(GROUP, objects - 1 - round);
            HitScenario.warm(edgePort, marker);
            if (bans > 0) {
                p.zadd("bans", appliedAt, "h " + marker);
            }
            p.publish("edgesync:bans", Integer.toString(bans));
            p.sync();
            long learned = awaitNotHit(edgePort, marker, bans > 0);

            List<String> sample = new ArrayList<>();
            for (int i = 0; i < FIRST_LOOKUPS; i++) {
                sample.add(Populator.key(GROUP, (long) round * FIRST_LOOKUPS + i));
            }
            FirstLookups first = firstLookups(edgePort, sample);
            HitScenario.warm(edgePort, hot);
            HitLoad.run(HOST, edgePort, hot, CONNECTIONS, Duration.ofSeconds(2), 5_000_000); // JIT warm-up
            HitLoad.Result d = HitLoad.run(HOST, edgePort, hot, CONNECTIONS, Duration.ofSeconds(hitSeconds),
                    20_000_000);
            String label = String.format(Locale.ROOT, "%,d active bans", bans);
            t.report.row("5", "First lookup of objects stored before the bans, " + label,
                    String.format(Locale.ROOT, "%s req/s, p50 %s, p99 %s", fmt(first.perSecond, 0),
                            ms(first.latencies.getValueAtPercentile(50)), ms(first.latencies.getValueAtPercentile(99))),
                    String.format(Locale.ROOT, "%,d distinct objects once each over %d connections: %s; the edge "
                            + "learned the bans %d ms after the notice", sample.size(), CONNECTIONS, first.outcomes,
                            learned));
            t.report.row("5", "Hits on one content item (1 KiB), " + label,
                    String.format(Locale.ROOT, "%s req/s, p50 %s, p99 %s", fmt(d.requestsPerSecond(), 0),
                            ms(d.p50Micros()), ms(d.p99Micros())),
                    String.format(Locale.ROOT, "%,d requests in %.1f s over %d connections; %s HIT; %d errors",
                            d.requests(), d.seconds(), CONNECTIONS, Figures.pct(d.hits(), d.requests()), d.errors()));
            round++;
        }
        t.report.note("Scenario 5 bans: hard bans /api/bans-<i>/*.png written with ZADD into the measured region's "
                + "ban set (as RegionBans records them) and announced on edgesync:bans, applied after every object "
                + "was stored and covering none of them: each first lookup reads Redis and judges its object against "
                + "every ban the index cannot rule out; later hits come from the in-process L1 (a copy is judged "
                + "when it enters L1).");
    }

    private record FirstLookups(double perSecond, Histogram latencies, String outcomes) {
    }

    /** One GET of each path over {@link #CONNECTIONS} keep-alive connections, with the tally of the answers. */
    private static FirstLookups firstLookups(int port, List<String> paths) throws Exception {
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(paths);
        Histogram latencies = Figures.histogram();
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        long start = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                fs.add(pool.submit(() -> {
                    try (RawHttp c = new RawHttp(HOST, port, 10_000)) {
                        String path;
                        while ((path = queue.poll()) != null) {
                            long t0 = System.nanoTime();
                            RawHttp.Response r = c.exchange(c.request("GET", path), false, false);
                            long micros = (System.nanoTime() - t0) / 1000;
                            synchronized (latencies) {
                                latencies.recordValue(micros);
                            }
                            outcomes.add(r.status() + " " + r.xCache());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // not all HIT only when the staleness lease lapsed on a starved machine (copies then go to the origin,
        // which has no such paths): reported in the row, not a failure
        return new FirstLookups(paths.size() / seconds, latencies, Figures.tally(outcomes));
    }

    /** Ms until {@code path} is answered other than HIT (or, with {@code expectChange} false, 0 at once). */
    private static long awaitNotHit(int port, String path, boolean expectChange) throws Exception {
        long start = System.nanoTime();
        if (!expectChange) {
            return 0;
        }
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        try (RawHttp c = new RawHttp(HOST, port, 10_000)) {
            while (System.nanoTime() < deadline) {
                if (!"HIT".equals(c.exchange(c.request("GET", path), false, false).xCache())) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("the edge did not act on the bans within 60 s (" + path + " still HIT)");
    }

    /** {@link #purges} purges of one kind, each waited for in every region, and the row of their latencies. */
    private void purgeLatency(RunningTopology t, int edgePort, String kind) throws Exception {
        Random random = new Random(kind.hashCode());
        Histogram everywhere = Figures.histogram();
        Histogram measured = Figures.histogram();
        long notHit = 0;
        long checked = 0;
        for (int n = 0; n < purges; n++) {
            long i = (long) (random.nextDouble() * (objects / 2)) + objects / 4;
            String covered = Populator.key(GROUP, i);
            Object target = switch (kind) {
                case "keys", "prefixes" -> covered;
                case "patterns" -> "/api/" + GROUP + "/" + i + "*";
                default -> TAG;
            };
            LabHttp.Response call = t.api.purge(Map.of(kind, List.of(target)));
            if (!call.ok()) {
                throw new IllegalStateException(kind + " purge call failed: " + call.describe());
            }
            JsonNode status = t.awaitPurgeApplied(call.json().path("id").asText(), 20);
            long worst = Long.MIN_VALUE;
            for (RegionSpec r : t.topology.regions()) {
                JsonNode s = status.path("regions").path(r.name());
                if (!s.has("latencyMs")) {
                    throw new IllegalStateException(kind + " purge not applied in " + r.name() + " within 30 s: "
                            + status);
                }
                long over = s.path("latencyMs").asLong() - r.delayMs();
                worst = Math.max(worst, over);
                if (r.name().equals(t.region)) {
                    measured.recordValue(Math.max(0, over));
                }
            }
            everywhere.recordValue(Math.max(0, worst));
            if (!kind.equals("tags") || n == 0) { // the object the purge covers is no longer served fresh
                try (RawHttp c = new RawHttp(HOST, edgePort, 10_000)) {
                    checked++;
                    if (!"HIT".equals(c.exchange(c.request("GET", covered), false, false).xCache())) {
                        notHit++;
                    }
                }
            }
        }
        t.report.row("5", String.format(Locale.ROOT, "Purge latency, %s, %,d cached objects", kind, objects),
                String.format(Locale.ROOT, "every region: P50 %d ms, P99 %d ms over the delay",
                        everywhere.getValueAtPercentile(50), everywhere.getValueAtPercentile(99)),
                String.format(Locale.ROOT, "%d purges one after the other; %s alone P50 %d / P99 %d ms; max %d ms; "
                                + "a covered object probed after the apply: %d/%d not HIT", purges, t.region,
                        measured.getValueAtPercentile(50), measured.getValueAtPercentile(99),
                        everywhere.getMaxValue(), notHit, checked));
    }

    private static long usedMemory(Jedis redis) {
        return Long.parseLong(Populator.info(redis, "memory", "used_memory"));
    }
}
