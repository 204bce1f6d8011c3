package dev.edgesync.bench;

import dev.edgesync.testkit.servers.ChildProcess;
import dev.edgesync.testkit.servers.KafkaBroker;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.servers.RedisInstance;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The EdgeSync edge of the comparison: its jar with a Redis of its own, both on the tier's CPU. */
final class EdgeTier {
    private EdgeTier() {
    }

    /**
     * The edge's settings for the comparison besides the defaults: one event loop, an L1 of 256 MiB, the memory Varnish
     * stores in (the default 64 MiB holds roughly 18,000 of the Zipf run's objects as weighed with their headers, fewer
     * than the warm-up passes and three rounds' measured passes bring, about 42,000).
     */
    static final Map<String, String> SETTINGS = Map.of("EDGESYNC_CACHE_L1_MAX_BYTES", "268435456",
            // one event loop on the one core, as nginx runs one worker: no hand-offs between loops of one core
            "QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE", "1",
            // as the chart deploys it: its JIT warmed through its own read path before it reports ready
            "EDGESYNC_JIT_WARMUP_REQUESTS", "20000");

    /**
     * The edge from its jar ({@code java <jvm> -jar edge/target/quarkus-app/quarkus-run.jar}) with its own Redis, as
     * a plain HTTP cache in front of the nginx origin. {@code kafka} null: no invalidation stream
     * ({@code EDGESYNC_INVALIDATION_ENABLED=false}, see {@link Compare#EDGE_WITHOUT_INVALIDATIONS}).
     */
    static CacheTier.Proxy start(CacheTier tier, int originPort, List<String> jvm, KafkaBroker kafka)
            throws IOException {
        RedisInstance redis = RedisInstance.start("edge", tier.dir().resolve("edge-redis"), 0);
        tier.track(redis);
        Machine.run(List.of("taskset", "-a", "-p", "-c", tier.cpu(), Long.toString(redis.process().pid())));
        int port = Ports.free();
        Path settings = tier.dir().resolve("edge-region.properties");
        Files.writeString(settings, "edgesync.region.strategy=eager\nedgesync.region.delay-ms=0\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", Ports.LOOPBACK);
        env.put("EDGESYNC_REGION_NAME", "bench");
        env.put("EDGESYNC_REGION_DELAY_MS", "0");
        env.put("EDGESYNC_REGION_STRATEGY", "eager");
        env.put("EDGESYNC_REGION_CONFIG_FILE", settings.toString());
        env.put("EDGESYNC_ORIGIN_URL", "http://" + Ports.LOOPBACK + ":" + originPort);
        env.put("EDGESYNC_ADMIN_TOKEN", "bench-admin-token");
        env.put("QUARKUS_REDIS_HOSTS", redis.url());
        env.putAll(SETTINGS);
        if (kafka != null) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        } else {
            env.put("EDGESYNC_INVALIDATION_ENABLED", "false");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", LabPaths.serviceJar("edge").toString()));
        ChildProcess p = tier.start("edge", cmd, env);
        CacheTier.awaitPort("edge", p, port);
        // ready: past its JIT warm-up (at most its 3 minutes), as a replica takes traffic behind a readiness probe
        long warming = System.nanoTime();
        Ports.await("edge ready on port " + port, Duration.ofMinutes(4), p, () -> ready(port));
        System.err.printf(java.util.Locale.ROOT, "bench: the edge was ready %.1f s after it listened (JIT warm-up)%n",
                (System.nanoTime() - warming) / 1e9);
        return new CacheTier.Proxy("edge", "EdgeSync edge", port, redis.port());
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static boolean ready(int port) {
        try {
            HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + Ports.LOOPBACK + ":" + port
                    + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> r = HTTP.send(probe, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
