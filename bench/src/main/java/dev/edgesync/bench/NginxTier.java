package dev.edgesync.bench;

import dev.edgesync.testkit.servers.ChildProcess;
import dev.edgesync.testkit.servers.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The nginx processes of the comparison: the origin every cache fetches from, and nginx proxy_cache. */
final class NginxTier {
    private NginxTier() {
    }

    /**
     * nginx serving {@code /1k}, {@code /64k} and {@code /obj/0..objects-1} from files, all with
     * {@code Cache-Control: public, max-age=3600}, and passing {@code /slow/} to the delaying origin.
     */
    static int startOrigin(CacheTier tier, int objects, int objectBytes, int slowPort) throws IOException {
        Path www = tier.dir().resolve("www");
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
                """.formatted(port, www, CacheTier.CACHE_CONTROL, slowPort);
        start(tier, "origin", port, server, "");
        return port;
    }

    static CacheTier.Proxy startCache(CacheTier tier, int originPort) throws IOException {
        int port = Ports.free();
        Path cache = tier.dir().resolve("nginx-cache/data");
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
        start(tier, "nginx-cache", port, server, http);
        return new CacheTier.Proxy("nginx", "nginx proxy_cache", port);
    }

    /**
     * One nginx master with one worker (the tier has one core) under its own prefix, in the foreground.
     * {@code tcp_nopush} stays off: with it (TCP_CORK around sendfile) every 64 KiB hit on loopback waited for the
     * client's delayed ACK, a median of 45 ms and 1,400 req/s instead of 2.8 ms and 14,800 (same load, same run).
     */
    private static void start(CacheTier tier, String name, int port, String server, String http) throws IOException {
        Path prefix = tier.dir().resolve(name);
        Files.createDirectories(prefix.resolve("temp"));
        boolean root = "root".equals(System.getProperty("user.name"));
        String user = "";
        if (root) {
            // the workers drop to nobody: they must be able to write the temp and cache directories
            user = "user nobody nogroup;\n";
            chownTree(prefix, "nobody:nogroup");
            chownTree(tier.dir().resolve("www"), "nobody:nogroup");
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
        ChildProcess p = tier.start(name, List.of(nginx(), "-e", prefix.resolve("error.log").toString(), "-p",
                prefix.toString(), "-c", file.toString()), Map.of());
        CacheTier.awaitPort(name, p, port);
    }

    static String nginx() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    private static void chownTree(Path path, String owner) throws IOException {
        Machine.run(List.of("chown", "-R", owner, path.toString()));
    }
}
