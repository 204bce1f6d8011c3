package dev.edgesync.bench;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.CacheKey;
import dev.edgesync.edge.cache.EntryCodec;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.RedisKeys;
import dev.edgesync.edge.cache.TokenState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * Writes cache entries straight into a region's Redis, in the edge's own format: the edge's {@link EntryCodec},
 * {@link CacheKey} tokens, {@link RedisKeys} layout and {@link EntryFactory#withSnapshot} generation snapshot (read
 * from Redis first), so the edge judges them exactly like entries it filled itself: fresh, until an invalidation
 * of one of their tokens is applied. Pipelined (Jedis), over {@code writers} connections.
 */
final class Populator {
    record Result(long count, double seconds, int entryBytes) {
        double perSecond() {
            return count / seconds;
        }
    }

    static final String CACHE_CONTROL = "public, s-maxage=3600, stale-while-revalidate=60";
    private static final int BATCH = 2000;

    private Populator() {
    }

    /** The key of object {@code i} of a group: {@code /api/<group>/<i>}. */
    static String key(String group, long i) {
        return "/api/" + group + "/" + i;
    }

    /**
     * Stores {@code count} entries {@code /api/<group>/0 ..} tagged {@code tag}, fresh for an hour from now.
     */
    static Result populate(String host, int port, String group, String tag, long count, int writers)
            throws IOException, InterruptedException {
        TokenState state;
        try (Jedis redis = connect(host, port)) {
            state = sharedState(redis, key(group, 0), tag);
        }
        long now = System.currentTimeMillis();
        int entryBytes = EntryCodec.encode(entry(group, 0, tag, state, now)).length;
        long start = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long from = count * w / writers;
            long to = count * (w + 1) / writers;
            Thread t = new Thread(() -> {
                try (Jedis redis = connect(host, port)) {
                    Pipeline pipeline = redis.pipelined();
                    for (long i = from; i < to; i++) {
                        CacheEntry e = entry(group, i, tag, state, now);
                        long px = e.staleUntil() - now + 300_000;
                        pipeline.set(RedisKeys.entry(e.key()).getBytes(StandardCharsets.UTF_8), EntryCodec.encode(e),
                                SetParams.setParams().px(px));
                        if ((i - from + 1) % BATCH == 0) {
                            sync(pipeline);
                        }
                    }
                    sync(pipeline);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "populate-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IOException("populating " + group + " failed: " + failure.get(), failure.get());
        }
        return new Result(count, (System.nanoTime() - start) / 1e9, entryBytes);
    }

    /**
     * The current generations of the tokens every entry of the group shares (prefixes and the tag), as the edge
     * reads them at the end of a fill. Per-key tokens of never-purged keys are absent, i.e. 0.
     */
    static TokenState sharedState(Jedis redis, String sampleKey, String tag) {
        List<String> tokens = new ArrayList<>(CacheKey.tokens(sampleKey, List.of(tag)));
        tokens.remove(CacheKey.keyToken(sampleKey));
        String[] keys = new String[2 * tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            keys[i] = RedisKeys.hard(tokens.get(i));
            keys[tokens.size() + i] = RedisKeys.soft(tokens.get(i));
        }
        List<String> values = redis.mget(keys);
        Map<String, Long> hard = new HashMap<>();
        Map<String, Long> soft = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            hard.put(tokens.get(i), number(values.get(i)));
            soft.put(tokens.get(i), number(values.get(tokens.size() + i)));
        }
        return new TokenState(hard, soft, 0, 0);
    }

    static CacheEntry entry(String group, long i, String tag, TokenState state, long now) {
        String key = key(group, i);
        byte[] body = ("bench object " + i + "\n").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/plain;charset=UTF-8");
        headers.put("cache-control", CACHE_CONTROL);
        headers.put("etag", "\"b-" + i + "\"");
        CacheEntry bare = new CacheEntry(key, 200, headers, body, 0, "\"b-" + i + "\"", null, List.of(tag), now,
                now + 3_600_000, now + 3_660_000, Map.of(), Map.of(), false);
        return EntryFactory.withSnapshot(bare, state, false);
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A connection to a local Redis; replies may take a minute (a million queued SETs). */
    static Jedis connect(String host, int port) {
        return new Jedis(host, port, 2_000, 60_000);
    }

    /** One field of {@code INFO <section>}, e.g. {@code used_memory}. */
    static String info(Jedis redis, String section, String field) {
        for (String line : redis.info(section).split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new IllegalStateException("no " + field + " in INFO " + section);
    }

    /** Sends what the pipeline holds and reads every reply; throws the first error reply. */
    private static void sync(Pipeline pipeline) {
        for (Object reply : pipeline.syncAndReturnAll()) {
            if (reply instanceof RuntimeException e) {
                throw e;
            }
        }
    }
}
