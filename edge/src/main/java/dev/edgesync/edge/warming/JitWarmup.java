package dev.edgesync.edge.warming;

import dev.edgesync.edge.cache.L1Cache;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Warms the JIT before this replica reports ready: at least {@code edgesync.jit-warmup.requests} requests through
 * its own HTTP port and read path (misses that fill, collapsed waits, event-loop hits, conditional hits, HEAD, and
 * after two seconds revalidations), filled from a loopback origin of its own ({@link WarmupOrigin}), never from the
 * real origin; which object each request asks for is {@link WarmupPlan}'s. Every fourth lane opens a new connection
 * for each of its requests (the server closes it after the answer): the code that accepts, sets up and closes a
 * connection is compiled too, not only later, while a storm of new clients waits for it. On one core a fresh
 * edge's C2 compiler takes a third of the core for the first 40 s of traffic and answers misses at a tenth of its
 * later rate (docs/benchmark.md); with the warm-up that time is spent before the readiness check
 * ({@link JitWarmupReadiness}) lets traffic in. Past its requests it goes on in rounds of as many while the JIT
 * still compiles ({@link JitQuiet}), until {@code edgesync.jit-warmup.max-time}. The warm-up's objects are taken
 * out of L1 afterwards and stay in the region's Redis as long as any stale entry; its requests count in the edge's
 * meters like any others.
 */
@ApplicationScoped
public class JitWarmup {
    private static final Logger LOG = Logger.getLogger(JitWarmup.class);
    private static final long RETRY_MS = 100;
    /** One lane in this many opens a new connection per request. */
    private static final int FRESH_LANE_EVERY = 4;

    enum State { OFF, RUNNING, DONE }

    private final JitWarmupConfig config;
    private final WarmupOrigin origin;
    private final L1Cache l1;
    private final Vertx vertx;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger lanes = new AtomicInteger();
    private volatile State state = State.OFF;
    private volatile long deadline;
    private volatile HttpClient client;
    /** The lanes that open a new connection for each request. */
    private volatile HttpClient fresh;
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final JitQuiet quiet = new JitQuiet();
    private long quietTimer = -1;
    private long started;
    /** This edge's port once read (0: not yet, or read again after a failed request). */
    private volatile int port;

    public JitWarmup(JitWarmupConfig config, WarmupOrigin origin, L1Cache l1, Vertx vertx) {
        this.config = config;
        this.origin = origin;
        this.l1 = l1;
        this.vertx = vertx;
        if (config.requests() > 0) {
            state = State.RUNNING; // not ready from the first readiness probe on
        }
    }

    void start(@Observes StartupEvent event) {
        if (state != State.RUNNING) {
            return;
        }
        started = System.nanoTime();
        deadline = System.currentTimeMillis() + config.maxTime().toMillis();
        origin.open(vertx).onComplete(opened -> {
            if (opened.failed()) {
                LOG.warnf(opened.cause(), "JIT warm-up skipped: its loopback origin did not start");
                finish();
                return;
            }
            client = client(true);
            fresh = client(false);
            quietTimer = vertx.setPeriodic(JitQuiet.PERIOD_MS, t -> quiet.sample(System.nanoTime()));
            int n = Math.max(1, Math.min(config.connections(), config.requests()));
            lanes.set(n);
            for (int i = 0; i < n; i++) {
                lane(i % FRESH_LANE_EVERY == FRESH_LANE_EVERY - 1 ? fresh : client);
            }
        });
    }

    /** A client to this edge that counts the connections it opens; without keep-alive, one per request. */
    private HttpClient client(boolean keepAlive) {
        return vertx.httpClientBuilder().with(new HttpClientOptions().setMaxPoolSize(config.connections())
                .setKeepAlive(keepAlive).setConnectTimeout(1000))
                .withConnectHandler(c -> connectionsOpened.incrementAndGet()).build();
    }

    /** One lane's turn: the next request, then the next, until none is left or the time is up. */
    private void lane(HttpClient through) {
        int j = next.getAndIncrement();
        boolean enough = j >= config.requests() && (!config.untilQuiet() || quiet.quiet());
        if (enough || System.currentTimeMillis() > deadline) {
            if (lanes.decrementAndGet() == 0) {
                finish();
            }
            return;
        }
        WarmupPlan.Request r = WarmupPlan.request(j, config.requests());
        int p = port;
        if (p == 0) {
            p = port = port();
        }
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(p)
                .setURI(origin.key(r.object()))
                .setMethod(r.head() ? HttpMethod.HEAD : HttpMethod.GET).setTimeout(5_000);
        if (r.conditional()) {
            options.addHeader("If-Modified-Since", WarmupOrigin.LAST_MODIFIED);
        }
        through.request(options).compose(req -> req.send().compose(res -> res.body()))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        answered.incrementAndGet();
                        lane(through);
                    } else {
                        // not listening yet (the HTTP server starts with the application), or one failed answer:
                        // this request is skipped, the port is read again, the lane goes on a moment later
                        port = 0;
                        vertx.setTimer(RETRY_MS, t -> lane(through));
                    }
                });
    }

    private void finish() {
        if (quietTimer >= 0) {
            vertx.cancelTimer(quietTimer);
        }
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < WarmupPlan.allObjects(config.requests()); k++) {
            keys.add(origin.key(k));
        }
        origin.close();
        l1.invalidateKeys(keys);
        for (HttpClient c : new HttpClient[] {client, fresh}) {
            if (c != null) {
                c.close();
            }
        }
        state = State.DONE;
        LOG.infof("JIT warm-up: %d requests answered on %d connections in %d ms (JIT compiling %d %% of the last "
                + "second); ready", answered.get(), connectionsOpened.get(), (System.nanoTime() - started) / 1_000_000,
                Math.round(100 * quiet.busyShare()));
    }

    /** This edge's HTTP port as it listens (a random test port is known only once the server has started). */
    private static int port() {
        String name = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        String live = System.getProperty(name);
        if (live != null && !live.equals("0")) {
            return Integer.parseInt(live);
        }
        return ConfigProvider.getConfig().getOptionalValue(name, Integer.class).orElse(8080);
    }

    /** Connections the warm-up has opened to this edge so far. */
    int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Requests answered so far. */
    int answered() {
        return answered.get();
    }

    State state() {
        return state;
    }

    /** Requests this warm-up sends in all (0: off). */
    int requests() {
        return config.requests();
    }
}
