package dev.edgesync.edge.invalidation;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checks the region Redis's {@code maxmemory-policy} at start and every few seconds after. The invalidation state
 * (generations, minimum versions, watermarks) has no expiry and every cache entry, stamp and lock has one, so a
 * {@code volatile-*} policy (or {@code noeviction}) evicts entries only. An {@code allkeys-*} policy may evict the
 * state and make a copy older than an applied invalidation count as fresh again: then, unless
 * {@code edgesync.store.allow-state-eviction=true}, the {@link StalenessLease} does not hold and every copy is
 * revalidated with the origin.
 */
@ApplicationScoped
public class EvictionPolicyCheck {
    private static final Logger LOG = Logger.getLogger(EvictionPolicyCheck.class);

    private final Redis redis;
    private final boolean allowStateEviction;
    private volatile String policy;
    private volatile boolean unsafe;

    public EvictionPolicyCheck(Redis redis,
            @ConfigProperty(name = "edgesync.store.allow-state-eviction", defaultValue = "false")
            boolean allowStateEviction) {
        this.redis = redis;
        this.allowStateEviction = allowStateEviction;
    }

    /** True when the policy may evict keys that have no expiry. */
    public static boolean evictsState(String policy) {
        return policy != null && policy.toLowerCase(Locale.ROOT).startsWith("allkeys-");
    }

    /** False while Redis runs a policy that may evict invalidation state (and that is not allowed). */
    public boolean stateSafe() {
        return !unsafe;
    }

    /** The policy last read; null before it could be read (Redis down, or CONFIG not allowed). */
    public String policy() {
        return policy;
    }

    /** The value of a {@code CONFIG GET maxmemory-policy} reply: a map in RESP3, a [name, value] array in RESP2. */
    private static String policyOf(Response r) {
        if (r == null) {
            return null;
        }
        if (r.type() == ResponseType.MULTI && r.getKeys() != null && r.getKeys().contains("maxmemory-policy")) {
            return r.get("maxmemory-policy").toString();
        }
        return r.size() >= 2 ? r.get(1).toString() : null;
    }

    @Scheduled(every = "${edgesync.store.policy-check-every:5s}", delayed = "0s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        String read;
        try {
            Response r = redis.send(Request.cmd(Command.CONFIG).arg("GET").arg("maxmemory-policy")).await()
                    .atMost(Duration.ofSeconds(1));
            read = policyOf(r);
        } catch (RuntimeException e) {
            LOG.debugf("Cannot read the Redis maxmemory-policy: %s", e.getMessage());
            return;
        }
        boolean nowUnsafe = evictsState(read) && !allowStateEviction;
        if (read != null && !read.equals(policy)) {
            if (evictsState(read)) {
                LOG.errorf("Redis maxmemory-policy is %s: it may evict invalidation state and bring back copies older "
                        + "than a purge. %s Use volatile-lru (the chart's default).", read, allowStateEviction
                                ? "Allowed by edgesync.store.allow-state-eviction=true."
                                : "Every copy is revalidated with the origin until it changes.");
            } else {
                LOG.infof("Redis maxmemory-policy is %s: cache entries only are evicted", read);
            }
        }
        policy = read;
        unsafe = nowUnsafe;
    }
}
