package dev.edgesync.bench;

import static dev.edgesync.bench.Figures.mb;
import static dev.edgesync.bench.RunningTopology.HOST;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;

/**
 * 3: a tag purge covering {@code --objects} cached objects, written straight into the measured region's Redis in
 * the edge's format ({@link Populator}): apply time and time until a sample is no longer served fresh
 * ({@link PurgeWatch}), next to the same purge over 1,000 objects.
 */
final class TagPurgeScenario implements Scenario {
    private static final int SMALL_OBJECTS = 1_000;

    @Option(names = "--objects", converter = Count.class, paramLabel = "N",
            description = "Cached objects the tag purge covers, "
            + "1000..5000000 (default: ${DEFAULT-VALUE})", defaultValue = "1000000")
    int objects;

    @Option(names = "--sample", converter = Count.class, paramLabel = "N",
            description = "Objects probed after the purge, 10..20000 "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "2000")
    int sample;

    @Override
    public void validate(CommandLine cli) {
        Scenario.require(cli, "--objects", objects, 1_000, 5_000_000);
        Scenario.require(cli, "--sample", sample, 10, 20_000);
    }

    @Override
    public void run(RunningTopology t) throws Exception {
        int redisPort = t.topology.servers().redis(t.region).port();
        PurgeWatch watch = new PurgeWatch(t, URI.create(t.topology.edgeUrl(t.region)).getPort());
        try (Jedis redis = Populator.connect(HOST, redisPort)) {
            long maxmemory = Long.parseLong(redis.configGet("maxmemory").get(1));
            long used0 = usedMemory(redis);
            long keys0 = redis.dbSize();

            watch.warmUp();
            // the same purge over 1,000 objects first
            Populator.Result small = Populator.populate(HOST, redisPort, "bsmall", "bench-tag-small", SMALL_OBJECTS, 2);
            long usedSmall = usedMemory(redis);
            List<String> smallSample = new ArrayList<>();
            for (long i = 0; i < SMALL_OBJECTS; i++) {
                smallSample.add(Populator.key("bsmall", i));
            }
            PurgeWatch.Run smallRun = watch.purgeAndWatch("bench-tag-small", smallSample);

            long perEntry = Math.max(1, (usedSmall - used0) / SMALL_OBJECTS);
            long needed = usedMemory(redis) + perEntry * objects * 13 / 10;
            String memoryNote = "maxmemory " + mb(maxmemory) + " as the lab starts it";
            if (maxmemory > 0 && needed > maxmemory) {
                long raised = ((needed >> 28) + 1) << 28; // next 256 MiB
                redis.configSet("maxmemory", Long.toString(raised));
                memoryNote = "maxmemory raised from " + mb(maxmemory) + " (lab default) to " + mb(raised)
                        + " with CONFIG SET for this run, so that no entry is evicted";
            }
            long evicted0 = Long.parseLong(Populator.info(redis, "stats", "evicted_keys"));
            long used1 = usedMemory(redis);
            System.err.printf("bench: writing %,d entries into %s's Redis ...%n", objects, t.region);
            Populator.Result big = Populator.populate(HOST, redisPort, "b", "bench-tag", objects, 2);
            long used2 = usedMemory(redis);
            long keys2 = redis.dbSize();
            long evicted = Long.parseLong(Populator.info(redis, "stats", "evicted_keys")) - evicted0;
            t.report.row("3", String.format(Locale.ROOT, "Populate %,d objects tagged bench-tag in %s's Redis",
                            objects, t.region),
                    String.format(Locale.ROOT, "%s used by them (%,d B each)", mb(used2 - used1),
                            (used2 - used1) / objects),
                    String.format(Locale.ROOT, "%,d entries of %d B (edge format, EntryCodec) written in %.1f s "
                                    + "(%s/s, pipelined SET PX); Redis used_memory %s, %,d keys, %d evicted; %s",
                            big.count(), big.entryBytes(), big.seconds(), Figures.fmt(big.perSecond(), 0), mb(used2),
                            keys2, evicted, memoryNote));

            PurgeWatch.Run bigRun = watch.purgeAndWatch("bench-tag", randomSample());
            long keys3 = redis.dbSize();
            long used3 = usedMemory(redis);

            t.report.command("purge: POST /api/purge {\"tags\":[\"bench-tag\"]} (mode default: the eager region "
                    + "removes), Authorization: Bearer $EDGESYNC_PURGE_TOKEN; apply time from GET /api/purge/{id} "
                    + "(region ack appliedAt - issuedAt); " + PurgeWatch.WATCHERS + " of the " + sample + " sampled "
                    + "objects (random, seed 42) probed back to back (" + PurgeWatch.WATCH_PAUSE_MS + " ms apart, one "
                    + "connection each) from the purge call until not HIT, then every sampled object once (16 "
                    + "connections); first one unmeasured purge per topic partition, so that no figure includes a "
                    + "cold start");
            row(t, smallRun, SMALL_OBJECTS);
            row(t, bigRun, objects);
            t.report.row("3", "Purge cost vs object count",
                    String.format(Locale.ROOT, "apply overhead %d ms (%,d objects) vs %d ms (%,d objects)",
                            bigRun.applyLatencyMs() - t.regionDelay, objects,
                            smallRun.applyLatencyMs() - t.regionDelay, SMALL_OBJECTS),
                    String.format(Locale.ROOT, "a tag purge is one generation bump: Redis keys %,d before and %,d "
                            + "after the big purge (nothing scanned or deleted; entries are judged at lookup and "
                            + "expire by TTL); used_memory %s after", keys2, keys3, mb(used3)));
            t.report.note("The purge objects exist only in the region's Redis (written in the edge's entry format "
                    + "with a generation snapshot, verified HIT through the edge first); the origin has no such paths, "
                    + "so once purged each probe is refilled from the origin, which answers 404 (not stored: BYPASS). "
                    + "A tag purge removes in the eager region by bumping the tag's generation; the entries stay in "
                    + "Redis until their TTL and are judged invalid at lookup.");
            t.report.note(String.format(Locale.ROOT, "Redis before the purge scenario: %,d keys, %s; the 1,000-object "
                    + "group took %s (%d B per entry incl. Redis overhead) and was written in %.2f s.", keys0,
                    mb(used0), mb(usedSmall - used0), perEntry, small.seconds()));
        }
    }

    /** {@code --sample} distinct objects of the big group, random with seed 42. */
    private List<String> randomSample() {
        Random random = new Random(42);
        List<String> keys = new ArrayList<>();
        Set<Long> picked = new HashSet<>();
        while (keys.size() < Math.min(sample, objects)) {
            long i = (long) (random.nextDouble() * objects);
            if (picked.add(i)) {
                keys.add(Populator.key("b", i));
            }
        }
        return keys;
    }

    private static void row(RunningTopology t, PurgeWatch.Run run, long count) {
        t.report.row("3", String.format(Locale.ROOT, "Tag purge over %,d cached objects, %s (%s, delay %d ms)",
                        count, t.region, t.topology.region(t.region).strategy().wire(), t.regionDelay),
                String.format(Locale.ROOT, "last fresh answer %d ms after the purge call, none after; "
                        + "applied %d ms after issue (%d ms over the delay)", run.lastFreshMs(),
                        run.applyLatencyMs(), run.applyLatencyMs() - t.regionDelay),
                String.format(Locale.ROOT, "%d watched objects probed back to back (%,d probes): last HIT "
                                + "answer +%d ms, every watcher's next probe not fresh (sent by +%d ms, "
                                + "answered by +%d ms, a refill from the origin); then the whole sample: "
                                + "%,d/%,d not fresh (%s), checked by +%d ms; before the purge %,d/%,d HIT; "
                                + "purge call %d ms; other regions applied in %s",
                        run.watched(), run.probes(), run.lastFreshMs(), run.flipSentMs(), run.allNotFreshMs(),
                        run.notFresh(), run.sampleSize(), run.outcomes(), run.checkedMs(), run.hitBefore(),
                        run.sampleSize(), run.callMs(), run.otherRegions()));
    }

    private static long usedMemory(Jedis redis) {
        return Long.parseLong(Populator.info(redis, "memory", "used_memory"));
    }
}
