package dev.edgesync.edge.warming;

import dev.edgesync.events.InvalidationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Optional cache warming: counts reads per path, and once an invalidation is applied in this region re-reads the
 * hottest affected paths through this edge itself (the normal read path fills or revalidates them), so the next
 * reader gets a HIT. At most {@code edgesync.warming.max-rate} warm-up reads a second; beyond it keys are skipped,
 * never queued. Keys named by the event or under one of its prefixes count as affected (tags are not matched).
 */
@ApplicationScoped
public class CacheWarmer {
    private static final Logger LOG = Logger.getLogger(CacheWarmer.class);
    static final String USER_AGENT = "edgesync-warmer";

    private final WarmingConfig config;
    private final HotKeys hot;
    private final WarmupBudget budget;
    private final URI self;
    private final Counter fetches;
    private final Counter skipped;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public CacheWarmer(WarmingConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            @ConfigProperty(name = "edgesync.region.name", defaultValue = "us-east") String region) {
        this.config = config;
        this.hot = new HotKeys(config.trackedKeys());
        this.budget = new WarmupBudget(config.maxRate());
        this.self = URI.create("http://127.0.0.1:" + port);
        this.fetches = Counter.builder("edgesync.warmup.fetches").tag("region", region)
                .description("Warm-up reads after invalidations, counted once answered").register(registry);
        this.skipped = Counter.builder("edgesync.warmup.skipped").tag("region", region)
                .description("Hot invalidated keys not warmed: over the warm-up rate").register(registry);
    }

    void install(@Observes Router router) {
        if (config.enabled()) {
            router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1).handler(this::count);
        }
    }

    private void count(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.GET && !USER_AGENT.equals(ctx.request().getHeader("User-Agent"))) {
            hot.read(ctx.request().uri());
        }
        ctx.next();
    }

    /** Called once {@code event} is applied in this region. */
    public void applied(InvalidationEvent event) {
        if (!config.enabled() || event.heartbeat()) {
            return;
        }
        List<String> keys = hot.hottest(key -> event.keys().contains(key)
                || event.prefixes().stream().anyMatch(key::startsWith), config.top());
        for (String key : keys) {
            boolean allowed;
            synchronized (budget) {
                allowed = budget.tryTake(System.nanoTime());
            }
            if (!allowed) {
                skipped.increment();
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(self.resolve(key)).timeout(Duration.ofSeconds(5))
                    .header("User-Agent", USER_AGENT).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null) {
                    LOG.debugf("warm-up read of %s failed: %s", key, failure.getMessage());
                } else {
                    fetches.increment();
                }
            });
        }
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void age() {
        hot.age();
    }
}
