package dev.edgesync.edge.config;

import dev.edgesync.events.Strategy;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Changing: holds the {@link TunableSettings} in force. Starts from {@link EdgeConfig}, then follows
 * {@code edgesync.region.config-file} (polled every second) and {@code PUT /admin/region}.
 */
@ApplicationScoped
public class SettingsInForce {
    private static final Logger LOG = Logger.getLogger(SettingsInForce.class);

    private final EdgeConfig config;
    private final AtomicReference<TunableSettings> current;
    private final Optional<Path> file;
    private final CopyOnWriteArrayList<Consumer<TunableSettings>> listeners = new CopyOnWriteArrayList<>();
    private volatile FileTime lastModified;
    private volatile long lastSize = -1;

    public SettingsInForce(EdgeConfig config) {
        this.config = config;
        this.file = config.region().configFile();
        this.current = new AtomicReference<>(new TunableSettings(config.region().strategy(), config.region().delayMs(),
                config.cache().maxTtl()));
        reloadIfChanged();
    }

    public TunableSettings get() {
        return current.get();
    }

    public String region() {
        return config.region().name();
    }

    public Strategy strategy() {
        return current.get().strategy();
    }

    public long delayMs() {
        return current.get().delayMs();
    }

    public void onChange(Consumer<TunableSettings> listener) {
        listeners.add(listener);
    }

    /** Applies settings set through the admin API. */
    public TunableSettings update(Strategy strategy, Long delayMs) {
        TunableSettings next = current.get().with(strategy, delayMs);
        apply(next, "admin API");
        return next;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        reloadIfChanged();
    }

    synchronized void reloadIfChanged() {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get();
        try {
            if (!Files.isRegularFile(path)) {
                return;
            }
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (modified.equals(lastModified) && size == lastSize) {
                return;
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            }
            lastModified = modified;
            lastSize = size;
            apply(current.get().overriddenBy(properties), path.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Ignoring region config file %s: %s", path, e.getMessage());
        }
    }

    private void apply(TunableSettings next, String source) {
        TunableSettings previous = current.getAndSet(next);
        if (!next.equals(previous)) {
            LOG.infof("Region %s settings from %s: strategy=%s delayMs=%d maxTtl=%s (were strategy=%s delayMs=%d)",
                    region(), source, next.strategy().wire(), next.delayMs(), next.maxTtl(),
                    previous.strategy().wire(), previous.delayMs());
            listeners.forEach(l -> l.accept(next));
        }
    }
}
