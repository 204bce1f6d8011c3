package dev.edgesync.edge.invalidation;

import dev.edgesync.edge.cache.AppliedLease;
import dev.edgesync.edge.config.SettingsInForce;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether this replica may trust its copies at {@code nowMs}: its region has applied the invalidation stream up to
 * a moment no further back than the region's delay plus the lease ({@code edgesync.lease.duration}). When it does
 * not hold, a copy is revalidated with the origin before it is answered.
 *
 * <p>The region's applied-up-to moment is the least watermark ({@link AppliedWatermarks}) over every
 * partition of the invalidation topic (the partition count comes from Kafka), read every
 * {@value #REFRESH_MS} ms. Until every partition has one, or when the reads fail, the lease expires by itself. It
 * does not hold either while Redis runs an eviction policy that may evict the invalidation state
 * ({@link EvictionPolicyCheck}). An
 * edge with no invalidation stream ({@code edgesync.invalidation.enabled=false}) has no lease: it always holds.
 */
@ApplicationScoped
public class StalenessLease implements AppliedLease {
    private static final Logger LOG = Logger.getLogger(StalenessLease.class);
    static final long REFRESH_MS = 50;
    private static final long PARTITIONS_REFRESH_MS = 10_000;
    private static final String CHANNEL = "invalidations";

    /** What {@code X-EdgeSync-Lease} and {@code /metrics/summary} say. */
    public enum State {
        HELD, EXPIRED, NONE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final boolean enabled;
    private final long leaseMs;
    private final SettingsInForce settings;
    private final AppliedWatermarks watermarks;
    private final KafkaClientService kafka;
    private final EvictionPolicyCheck evictionPolicy;
    private final String topic;
    private volatile long appliedUpTo = Long.MIN_VALUE;
    private volatile int partitions;
    private volatile long partitionsReadAt;
    private ScheduledExecutorService timer;

    private final InstantSource clock;

    public StalenessLease(SettingsInForce settings, AppliedWatermarks watermarks, KafkaClientService kafka,
            EvictionPolicyCheck evictionPolicy, MeterRegistry registry, InstantSource clock,
            @ConfigProperty(name = "edgesync.invalidation.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "edgesync.lease.duration", defaultValue = "500ms") Duration lease,
            @ConfigProperty(name = "mp.messaging.incoming.invalidations.topic",
                    defaultValue = "edgesync.invalidations") String topic) {
        this.clock = clock;
        this.settings = settings;
        this.watermarks = watermarks;
        this.kafka = kafka;
        this.evictionPolicy = evictionPolicy;
        this.enabled = enabled;
        this.leaseMs = lease.toMillis();
        this.topic = topic;
        Gauge.builder("edgesync.lease.held", this, l -> l.holds(l.clock.millis()) ? 1 : 0)
                .description("1 while this replica may answer from its copies without revalidating")
                .tag("region", settings.region()).register(registry);
        Gauge.builder("edgesync.applied.lag", this, l -> l.lagMs(l.clock.millis()) / 1000.0)
                .description("How far the region's applied invalidations lag behind now less the delay")
                .baseUnit("seconds").tag("region", settings.region()).register(registry);
    }

    @Override
    public boolean holds(long nowMs) {
        return !enabled || (evictionPolicy.stateSafe() && holds(appliedUpTo, nowMs, settings.delayMs(), leaseMs));
    }

    /** The rule: every invalidation issued up to {@code now - delay - lease} is applied. */
    static boolean holds(long appliedUpTo, long now, long delayMs, long leaseMs) {
        return appliedUpTo != Long.MIN_VALUE && appliedUpTo >= now - delayMs - leaseMs;
    }

    public State state(long nowMs) {
        return !enabled ? State.NONE : holds(nowMs) ? State.HELD : State.EXPIRED;
    }

    /** The region's applied-up-to moment as last read; empty before it is known or with no lease. */
    public OptionalLong appliedUpTo() {
        long v = appliedUpTo;
        return !enabled || v == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** How far {@link #appliedUpTo()} is behind {@code now - delay} (0 when not behind, or with no lease). */
    public long lagMs(long nowMs) {
        if (!enabled) {
            return 0;
        }
        long v = appliedUpTo;
        long behind = nowMs - settings.delayMs();
        return v == Long.MIN_VALUE ? Math.max(0, behind) : Math.max(0, behind - v);
    }

    public long durationMs() {
        return leaseMs;
    }

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-staleness-lease");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void refresh() {
        try {
            long now = clock.millis();
            if (partitions == 0 || now - partitionsReadAt > PARTITIONS_REFRESH_MS) {
                readPartitionCount(now);
            }
            int n = partitions;
            if (n == 0) {
                return;
            }
            OptionalLong region = watermarks.regionAppliedUpTo(n).await().atMost(Duration.ofMillis(500));
            if (region.isPresent() && region.getAsLong() > appliedUpTo) {
                appliedUpTo = region.getAsLong();
            }
        } catch (RuntimeException e) {
            LOG.debugf("Lease not refreshed: %s", e.getMessage());
        }
    }

    private void readPartitionCount(long now) {
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(CHANNEL);
        if (consumer == null) {
            return;
        }
        int n = consumer.partitionsFor(topic).await().atMost(Duration.ofSeconds(2)).size();
        if (n != partitions) {
            LOG.infof("Staleness lease follows %d partitions of %s", n, topic);
        }
        partitions = n;
        partitionsReadAt = now;
    }
}
