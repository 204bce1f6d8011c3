package dev.edgesync.edge.cache;

import dev.edgesync.edge.config.RegionConfig;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All Redis I/O of the edge (layout in {@link RedisKeys}). Every call waits at most {@code edgesync.store.timeout}
 * and turns any failure into {@link StoreUnavailableException}.
 */
@ApplicationScoped
public class CacheStore {

    /** Stamps generations with a new region sequence value, raises minimum versions, deletes removed entries. */
    static final String APPLY_SCRIPT = """
            pcall(redis.replicate_commands)
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local seq = tonumber(redis.call('GET', KEYS[1]) or '0') + 1
            if seq <= now then seq = now + 1 end
            local s = string.format('%.0f', seq)
            redis.call('SET', KEYS[1], s)
            local n, m, d = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local v = tonumber(ARGV[4])
            for i = 2, n + 1 do redis.call('SET', KEYS[i], s) end
            for i = n + 2, n + m + 1 do
              local c = tonumber(redis.call('GET', KEYS[i]) or '0')
              if v > c then redis.call('SET', KEYS[i], ARGV[4]) end
            end
            for i = n + m + 2, n + m + d + 1 do redis.call('DEL', KEYS[i]) end
            return s
            """;

    /** The current region sequence: every generation stamped after this call is strictly greater. */
    static final String FILL_START_SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
            if seq < now then seq = now end
            return string.format('%.0f', seq)
            """;

    private final Redis redis;
    private final Duration timeout;

    public CacheStore(Redis redis, RegionConfig config) {
        this.redis = redis;
        this.timeout = config.store().timeout();
    }

    /** The entry of {@code key} and the state it is judged against; entry null on a miss. */
    public record Lookup(CacheEntry entry, TokenState state) {
    }

    public Lookup lookup(String key) {
        CacheEntry entry = get(key);
        if (entry == null) {
            return new Lookup(null, null);
        }
        return new Lookup(entry, state(entry.key(), entry.tokens()));
    }

    /** The entry stored under {@code storageKey} (a key or a variant key), null when none. */
    public CacheEntry get(String storageKey) {
        Response raw = send(Request.cmd(Command.GET).arg(RedisKeys.entry(storageKey)));
        return raw == null ? null : EntryCodec.decode(raw.toBytes());
    }

    /** One MGET: both generations of every token plus the key's minimum versions. */
    public TokenState state(String key, List<String> tokens) {
        Request mget = Request.cmd(Command.MGET);
        for (String token : tokens) {
            mget.arg(RedisKeys.hard(token));
        }
        for (String token : tokens) {
            mget.arg(RedisKeys.soft(token));
        }
        mget.arg(RedisKeys.minVersionHard(key)).arg(RedisKeys.minVersionSoft(key));
        Response values = send(mget);
        int n = tokens.size();
        Map<String, Long> hard = new HashMap<>();
        Map<String, Long> soft = new HashMap<>();
        for (int i = 0; i < n; i++) {
            hard.put(tokens.get(i), number(values.get(i)));
            soft.put(tokens.get(i), number(values.get(n + i)));
        }
        return new TokenState(hard, soft, number(values.get(2 * n)), number(values.get(2 * n + 1)));
    }

    /** The region sequence at the start of a fill (see {@link EntryValidity#judgeFill}). */
    public long fillStart() {
        Response r = send(Request.cmd(Command.EVAL).arg(FILL_START_SCRIPT).arg(1).arg(RedisKeys.SEQUENCE));
        return number(r);
    }

    /**
     * Stores the entry until its stale windows plus {@code retain} have passed. A varying entry is written twice:
     * under its variant key, and under its key as the latest variant, which tells lookups what it varies on.
     */
    public void put(CacheEntry entry, long now, Duration retain) {
        long sie = entry.directives().staleIfError().orElse(0);
        long until = Math.max(entry.staleUntil(), entry.freshUntil() + Math.min(sie, 86_400) * 1000);
        long expireMs = Math.max(1000, until - now + retain.toMillis());
        byte[] bytes = EntryCodec.encode(entry);
        send(Request.cmd(Command.SET).arg(RedisKeys.entry(entry.key())).arg(bytes).arg("PX").arg(expireMs));
        if (entry.variantKey() != null) {
            send(Request.cmd(Command.SET).arg(RedisKeys.entry(entry.variantKey())).arg(bytes).arg("PX").arg(expireMs));
        }
    }

    /** Removes the stored copy of {@code storageKey} (a refreshed response became unstorable). */
    public void remove(String storageKey) {
        send(Request.cmd(Command.DEL).arg(RedisKeys.entry(storageKey)));
    }

    public boolean tryLock(String key, String owner, Duration ttl) {
        Response r = send(Request.cmd(Command.SET).arg(RedisKeys.revalidationLock(key)).arg(owner)
                .arg("NX").arg("PX").arg(ttl.toMillis()));
        return r != null && "OK".equalsIgnoreCase(r.toString());
    }

    public void unlock(String key) {
        send(Request.cmd(Command.DEL).arg(RedisKeys.revalidationLock(key)));
    }

    /** Applies an invalidation atomically; returns the sequence value it stamped. */
    public long apply(InvalidationPlan plan) {
        Request eval = Request.cmd(Command.EVAL).arg(APPLY_SCRIPT);
        List<String> keys = new ArrayList<>();
        keys.add(RedisKeys.SEQUENCE);
        keys.addAll(plan.generationKeys());
        keys.addAll(plan.minVersionKeys());
        keys.addAll(plan.deleteKeys());
        eval.arg(keys.size());
        keys.forEach(eval::arg);
        eval.arg(plan.generationKeys().size()).arg(plan.minVersionKeys().size()).arg(plan.deleteKeys().size())
                .arg(plan.version());
        return number(send(eval));
    }

    private Response send(Request request) {
        try {
            Uni<Response> uni = redis.send(request);
            return uni.await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Redis unavailable: " + e.getMessage(), e);
        }
    }

    private static long number(Response r) {
        if (r == null) {
            return 0;
        }
        try {
            return Long.parseLong(r.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
