package dev.edgesync.edge.bound;

import dev.edgesync.edge.cache.CacheEntry;
import dev.edgesync.edge.cache.EntryFactory;
import dev.edgesync.edge.cache.L1Cache;
import dev.edgesync.edge.cache.StoreUnavailableException;
import dev.edgesync.edge.invalidation.InvalidationPlan;
import dev.edgesync.edge.invalidation.InvalidationStore;
import dev.edgesync.edge.metrics.EdgeMetrics.Result;
import dev.edgesync.edge.read.Reply;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps a region from going back in time after its Redis was unreachable (issue 10, {@code redis-pause}).
 *
 * <p>While Redis does not answer, the read path answers straight from the origin ({@code BYPASS}), often a newer
 * version than the copy Redis holds, since the invalidation for it could not be applied either. When Redis returns,
 * that older copy must not answer again. So every version this replica answers is remembered
 * ({@link ServedVersions}; a Redis restarted from an older snapshot is covered too): a stored copy below it is not
 * answerable ({@link #answerable}: the lookup treats it as a miss and fills from the origin). A version answered
 * without the store is also written back to Redis as the key's hard minimum version (version-fenced: a minimum
 * version only rises, so a newer copy or a higher minimum is left alone), which makes
 * every replica of the region, and every stored copy, respect it too.
 */
@ApplicationScoped
public class OutageFills {
    private static final Logger LOG = Logger.getLogger(OutageFills.class);

    private final InvalidationStore invalidations;
    private final L1Cache l1;
    private final ServedVersions served;
    /** Whether any version was ever remembered: until then a lookup pays no lock. */
    private volatile boolean remembered;

    private final InstantSource clock;

    public OutageFills(InvalidationStore invalidations, L1Cache l1,
            @ConfigProperty(name = "edgesync.cache.outage-fills.max-keys", defaultValue = "100000") int maxKeys,
            @ConfigProperty(name = "edgesync.cache.outage-fills.keep", defaultValue = "60s") Duration keep,
            InstantSource clock) {
        this.clock = clock;
        this.invalidations = invalidations;
        this.l1 = l1;
        this.served = new ServedVersions(maxKeys, keep.toMillis());
    }

    /**
     * Remembers the version of a reply: a floor for this replica, and, when it did not come from the store
     * ({@code BYPASS}), a version to write back.
     */
    public void remember(String key, Reply reply) {
        if (reply.status() != 200 || reply.result() == Result.ERROR) {
            return;
        }
        boolean fromOrigin = reply.result() == Result.BYPASS;
        String header = reply.header("x-content-version");
        long version = reply.entry() != null ? reply.entry().version()
                : header == null ? 0 : EntryFactory.version(header);
        if (version <= 0) {
            return;
        }
        synchronized (served) {
            served.served(key, version, clock.millis(), fromOrigin);
        }
        remembered = true;
        if (fromOrigin) {
            // an in-process copy from before the outage is older than what was just answered
            l1.invalidateKeys(List.of(key));
        }
    }

    /** Whether {@code entry} may answer: not older than a version this replica answered for its key. */
    public boolean answerable(CacheEntry entry) {
        if (!remembered) {
            return true;
        }
        synchronized (served) {
            return served.answerable(entry.key(), entry.version(), clock.millis());
        }
    }

    /** Writes the remembered versions back to Redis as hard minimum versions, once Redis answers again. */
    @Scheduled(every = "${edgesync.cache.outage-fills.write-back-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void writeBack() {
        List<ServedVersions.Pending> pending;
        synchronized (served) {
            pending = served.pending();
        }
        int written = 0;
        for (ServedVersions.Pending p : pending) {
            try {
                invalidations.apply(InvalidationPlan.minimumVersion(p.key(), p.version()));
            } catch (StoreUnavailableException e) {
                break; // still away: next time
            }
            synchronized (served) {
                served.writtenBack(p.key(), p.version(), clock.millis());
            }
            written++;
        }
        if (written > 0) {
            LOG.infof("Wrote back %d version(s) answered while Redis was unreachable as minimum versions", written);
        }
    }
}
