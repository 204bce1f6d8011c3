package dev.edgesync.bench;

import dev.edgesync.testkit.servers.ChildProcess;
import dev.edgesync.testkit.servers.KafkaBroker;
import dev.edgesync.testkit.servers.LabPaths;
import dev.edgesync.testkit.servers.Ports;
import dev.edgesync.testkit.servers.RedisInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of the comparison: an nginx origin, and the three caches in front of it (nginx proxy_cache, Varnish,
 * the EdgeSync edge). Every process runs on 127.0.0.1, pinned with {@code taskset -c} to the caching tier's CPU, and
 * under {@code timeout}, so that it stops by itself even if the bench dies; {@link #close()} sends SIGTERM.
 */
final class CacheTier implements AutoCloseable {
    static final String CACHE_CONTROL = "public, max-age=3600";

    /** One cache under test; {@code redisPort}: the edge's own Redis, 0 for the other caches. */
    record Proxy(String name, String label, int port, int redisPort) {
        Proxy(String name, String label, int port) {
            this(name, label, port, 0);
        }

        String url() {
            return "http://" + Ports.LOOPBACK + ":" + port;
        }
    }

    private final Path dir;
    private final String cpu;
    private final int maxMinutes;
    private final List<AutoCloseable> started = new ArrayList<>();

    CacheTier(Path dir, String cpu, int maxMinutes) {
        this.dir = dir;
        this.cpu = cpu;
        this.maxMinutes = maxMinutes;
    }

    /** Command prefix: pinned to the tier's CPU, killed with SIGTERM after the run's time limit. */
    List<String> pinned(List<String> command) {
        List<String> all = new ArrayList<>(List.of("taskset", "-c", cpu, "timeout", "--kill-after=20s",
                maxMinutes + "m"));
        all.addAll(command);
        return all;
    }

    private ChildProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
        ChildProcess p = ChildProcess.start(name, pinned(command), env, dir, dir.resolve(name + ".log"));
        started.add(p);
        return p;
    }

    // ---------------------------------------------------------------- origin

    /**
     * nginx serving {@code /1k}, {@code /64k} and {@code /obj/0..objects-1} from files, all with
     * {@code Cache-Control: public, max-age=3600}, and passing {@code /slow/} to the delaying origin.
     */
    int startOrigin(int objects, int objectBytes, int slowPort) throws IOException {
        Path www = dir.resolve("www");
        Files.createDirectories(www.resolve("obj"));
        Files.write(www.resolve("1k"), BenchBodies.bytes(1024, 1));
        Files.write(www.resolve("64k"), BenchBodies.bytes(64 * 1024, 2));
        Files.write(www.resolve(CompressionScenario.PATH.substring(1)), CompressionScenario.json16k());
        for (int i = 0; i < objects; i++) {
            Files.write(www.resolve("obj").resolve(Integer.toString(i)), BenchBodies.bytes(objectBytes, 100 + i));
        }
        int port = Ports.free();
        String server = """
                    server {
                        listen 127.0.0.1:%d reuseport;
                        root %s;
                        types { application/json json; }
                        location / {
                            add_header Cache-Control "%s";
                        }
                        location /slow/ {
                            proxy_pass http://127.0.0.1:%d;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                """.formatted(port, www, CACHE_CONTROL, slowPort);
        startNginx("origin", server, "");
        return port;
    }

    // ---------------------------------------------------------------- nginx proxy_cache

    Proxy startNginxCache(int originPort) throws IOException {
        int port = Ports.free();
        Path cache = dir.resolve("nginx-cache/data");
        Files.createDirectories(cache);
        String http = """
                    proxy_cache_path %s levels=1:2 keys_zone=bench:64m max_size=2g inactive=1h use_temp_path=off;
                    upstream origin {
                        server 127.0.0.1:%d;
                        keepalive 64;
                    }
                """.formatted(cache, originPort);
        String server = """
                    server {
                        listen 127.0.0.1:%d reuseport;
                        location / {
                            proxy_pass http://origin;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_cache bench;
                            proxy_cache_lock on;
                            proxy_cache_lock_timeout 10s;
                            add_header X-Cache $upstream_cache_status;
                            gzip on;
                            gzip_types application/json;
                            gzip_comp_level 6;
                            gzip_vary on;
                        }
                    }
                """.formatted(port);
        startNginx("nginx-cache", server, http);
        return new Proxy("nginx", "nginx proxy_cache", port);
    }

    /**
     * One nginx master with one worker (the tier has one core) under its own prefix, in the foreground.
     * {@code tcp_nopush} stays off: with it (TCP_CORK around sendfile) every 64 KiB hit on loopback waited for the
     * client's delayed ACK, a median of 45 ms and 1,400 req/s instead of 2.8 ms and 14,800 (same load, same run).
     */
    private void startNginx(String name, String server, String http) throws IOException {
        Path prefix = dir.resolve(name);
        Files.createDirectories(prefix.resolve("temp"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String user = "";
        if (root) {
            // the workers drop to nobody: they must be able to write the temp and cache directories
            user = "user nobody nogroup;\n";
            chownTree(prefix, "nobody:nogroup");
            chownTree(dir.resolve("www"), "nobody:nogroup");
        }
        String conf = user + """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 8192;
                }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush off;
                    tcp_nodelay on;
                    keepalive_timeout 65s;
                    keepalive_requests 10000000;
                    default_type application/octet-stream;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                %2$s%3$s}
                """.formatted(prefix, http, server);
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        if (root) {
            chownTree(prefix, "nobody:nogroup");
        }
        ChildProcess p = start(name, List.of(nginx(), "-e", prefix.resolve("error.log").toString(), "-p",
                prefix.toString(), "-c", file.toString()), Map.of());
        awaitPort(name, p, portOf(server));
    }

    private static int portOf(String server) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("listen 127\\.0\\.0\\.1:(\\d+)").matcher(server);
        if (!m.find()) {
            throw new IllegalArgumentException("no listen line");
        }
        return Integer.parseInt(m.group(1));
    }

    static String nginx() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    private static void chownTree(Path path, String owner) throws IOException {
        Machine.run(List.of("chown", "-R", owner, path.toString()));
    }

    // ---------------------------------------------------------------- Varnish

    Proxy startVarnish(int originPort) throws IOException {
        int port = Ports.free();
        Path work = dir.resolve("varnish");
        Files.createDirectories(work);
        // the builtin VCL, plus gzip for JSON (the compression measure: Varnish stores the gzip copy, no Brotli)
        Path vcl = work.resolve("bench.vcl");
        Files.writeString(vcl, """
                vcl 4.1;
                backend origin { .host = "%s"; .port = "%d"; }
                sub vcl_backend_response { if (beresp.http.Content-Type ~ "json") { set beresp.do_gzip = true; } }
                """.formatted(Ports.LOOPBACK, originPort));
        List<String> cmd = new ArrayList<>(List.of(varnishd(), "-F", "-a", Ports.LOOPBACK + ":" + port, "-f",
                vcl.toString(), "-s", "malloc,256m", "-n", work.toString(),
                // the default management port is fixed (6082): take a free one, so that runs can overlap
                "-T", Ports.LOOPBACK + ":" + Ports.free()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-j", "none")); // as root it would otherwise drop to the varnish users of the package
        }
        ChildProcess p = start("varnish", cmd, Map.of());
        awaitPort("varnish", p, port);
        return new Proxy("varnish", "Varnish " + varnishVersion(), port);
    }

    static String varnishd() {
        return Files.isExecutable(Path.of("/usr/sbin/varnishd")) ? "/usr/sbin/varnishd" : "varnishd";
    }

    static String varnishVersion() {
        try {
            String out = Machine.output(List.of(varnishd(), "-V"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("varnish-(\\d+\\.\\d+)").matcher(out);
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    // ---------------------------------------------------------------- EdgeSync edge

    /**
     * The edge from its jar ({@code java <jvm> -jar edge/target/quarkus-app/quarkus-run.jar}) with its own Redis, as
     * a plain HTTP cache in front of the nginx origin. {@code kafka} null: no invalidation stream
     * ({@code EDGESYNC_INVALIDATION_ENABLED=false}, see {@link Compare#EDGE_WITHOUT_INVALIDATIONS}).
     */
    Proxy startEdge(int originPort, List<String> jvm, KafkaBroker kafka) throws IOException {
        RedisInstance redis = RedisInstance.start("edge", dir.resolve("edge-redis"), 0);
        started.add(redis);
        Machine.run(List.of("taskset", "-a", "-p", "-c", cpu, Long.toString(redis.process().pid())));
        int port = Ports.free();
        Path settings = dir.resolve("edge-region.properties");
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
        if (kafka != null) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        } else {
            env.put("EDGESYNC_INVALIDATION_ENABLED", "false");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", LabPaths.serviceJar("edge").toString()));
        ChildProcess p = start("edge", cmd, env);
        awaitPort("edge", p, port);
        return new Proxy("edge", "EdgeSync edge", port, redis.port());
    }

    // ---------------------------------------------------------------- helpers

    private static void awaitPort(String name, ChildProcess p, int port) {
        Ports.await(name + " on port " + port, Duration.ofSeconds(120), p, () -> accepts(port));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(Ports.LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops everything started, newest first, with SIGTERM (then SIGKILL after 15 s). */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new UncheckedIOException(new IOException(e));
            }
        }
        started.clear();
    }
}
