package dev.edgesync.edge.config;

import dev.edgesync.events.Strategy;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Carries a strategy/delay change made through one replica's {@code PUT /admin/region} to every replica of the
 * region, over the region's Redis (channel {@value #CHANNEL}): the console, or anyone, reaches one replica through
 * the region's Service. A replica that starts later, or was cut from Redis at the moment, keeps the settings of its
 * configuration (the ConfigMap); the change is not stored.
 */
@ApplicationScoped
public class SettingsBroadcast {
    static final String CHANNEL = "edgesync:region-settings";
    private static final Logger LOG = Logger.getLogger(SettingsBroadcast.class);

    private final ReactivePubSubCommands<String> pubsub;
    private final SettingsInForce settings;
    private final String self = InstanceId.get();
    private volatile boolean running;

    public SettingsBroadcast(ReactiveRedisDataSource redis, SettingsInForce settings) {
        this.pubsub = redis.pubsub(String.class);
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        subscribe();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
    }

    private void subscribe() {
        if (!running) {
            return;
        }
        pubsub.subscribe(CHANNEL, this::onMessage, this::resubscribe, failure -> resubscribe())
                .subscribe().with(subscribed -> LOG.debugf("following %s", CHANNEL), failure -> resubscribe());
    }

    private void resubscribe() {
        if (running) {
            Infrastructure.getDefaultWorkerPool().schedule(this::subscribe, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Tells the region's other replicas about a change just made here (null: that setting is kept). */
    public void announce(Strategy strategy, Long delayMs) {
        String message = encode(self, strategy, delayMs);
        pubsub.publish(CHANNEL, message).ifNoItem().after(Duration.ofSeconds(2)).fail().subscribe().with(
                ok -> {
                }, failure -> LOG.warnf("the region's other replicas were not told of the settings change: %s",
                        failure.getMessage()));
    }

    void onMessage(String message) {
        Change change = decode(message);
        if (change == null || self.equals(change.from())) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            settings.update(change.strategy(), change.delayMs());
            LOG.infof("settings changed through replica %s: strategy %s, delay %s ms", change.from(),
                    settings.strategy().wire(), settings.delayMs());
        });
    }

    /** One change on the channel: who made it, and what changed. */
    record Change(String from, Strategy strategy, Long delayMs) {
    }

    static String encode(String from, Strategy strategy, Long delayMs) {
        return from + "\n" + (strategy == null ? "" : strategy.wire()) + "\n" + (delayMs == null ? "" : delayMs);
    }

    /** The change, or null for anything not of this shape (it is ignored). */
    static Change decode(String message) {
        if (message == null) {
            return null;
        }
        String[] parts = message.split("\n", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            return null;
        }
        try {
            Strategy strategy = parts[1].isEmpty() ? null : Strategy.fromWire(parts[1]);
            Long delay = parts[2].isEmpty() ? null : Long.valueOf(parts[2]);
            if (delay != null && (delay < 0 || delay > TunableSettings.MAX_DELAY_MS)) {
                return null;
            }
            return new Change(parts[0], strategy, delay);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
