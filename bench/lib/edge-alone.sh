# Sourced by bench/hit-cpu.sh, bench/storm-cpu.sh, bench/warmup-cpu.sh and bench/ab-cpu.sh: the edge jar alone, as a
# plain HTTP cache (no Kafka) with a redis-server of its own, on free loopback ports, every process under
# `timeout 10m` and stopped when the script exits.
#   edge_alone_init NAME      (redis-server: $REDIS_SERVER, else on the PATH, else the one the lab extracted to /tmp)
#                             work dir $d (/tmp/edgesync-NAME.*), ports $rp (Redis) $op (origin) $ep (edge), Redis up
#   edge_alone_start APP NAME the edge from APP/quarkus-run.jar in front of 127.0.0.1:$op, live; $edge its process
#                             (the `timeout` wrapper), $jvm the java under it
#   edge_alone_launch PORT REDIS_PORT APP LOG [ENV] [JVM]
#                             the same on PORT with the Redis on REDIS_PORT, log $d/LOG.log, extra environment ENV
#                             ("NAME=value ...") and JVM options JVM (default $edge_alone_jvm)
#   edge_alone_redis PORT LOG another redis-server on PORT (log $d/LOG.log)
#   edge_alone_origin [CPU]   an nginx origin on $op serving $d/www with Cache-Control: public, max-age=3600 (on CPU)
#   edge_alone_objects        10,000 objects of 512 bytes for it, /obj/0 to /obj/9999
#   edge_cpu_ticks            user+system CPU ticks of the edge's java so far ($hz ticks a second)

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

edge_alone_init() {
  d=$(mktemp -d "/tmp/edgesync-$1.XXXXXX")
  redis=${REDIS_SERVER:-$(command -v redis-server || ls /tmp/edgesync-redis-server-* 2>/dev/null | head -1 || true)}
  [ -x "$redis" ] || { echo "no redis-server on the PATH (run any edge test once: the lab extracts one to /tmp)" >&2; exit 2; }
  rp=$(free_port); op=$(free_port); ep=$(free_port); name=$1
  pids=()
  trap edge_alone_cleanup EXIT
  edge_alone_redis "$rp" redis
  hz=$(getconf CLK_TCK)
}

edge_alone_redis() { timeout 10m "$redis" --port "$1" --bind 127.0.0.1 --save '' --appendonly no > "$d/$2.log" 2>&1 & pids+=($!); }

edge_alone_cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$d"; }

edge_alone_origin() {
  chmod 755 "$d"; mkdir -p "$d/www" "$d/ng/temp"  # nginx workers run as nobody
  cat > "$d/ng/nginx.conf" <<NG
worker_processes 1; daemon off; pid $d/ng/nginx.pid; error_log $d/ng/error.log warn;
events { worker_connections 4096; }
http { access_log off; sendfile on; keepalive_requests 10000000; default_type application/octet-stream;
 client_body_temp_path $d/ng/temp/b; proxy_temp_path $d/ng/temp/p; fastcgi_temp_path $d/ng/temp/f; uwsgi_temp_path $d/ng/temp/u; scgi_temp_path $d/ng/temp/s;
 server { listen 127.0.0.1:$op; root $d/www; location / { add_header Cache-Control "public, max-age=3600"; } } }
NG
  timeout 10m taskset -c "${1:-0-$(($(nproc) - 1))}" /usr/sbin/nginx -p "$d/ng" -c "$d/ng/nginx.conf" -e "$d/ng/error.log" & pids+=($!)
}

# the production JVM options (testkit ServiceJvm.PRODUCTION), as the chart and bench/run.sh use them
edge_alone_jvm="-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch"

edge_alone_start() { edge_alone_launch "$ep" "$rp" "$1" edge; }

edge_alone_launch() {
  printf 'edgesync.region.strategy=eager\nedgesync.region.delay-ms=0\n' > "$d/region.properties"
  # shellcheck disable=SC2086 # ENV and JVM are lists of words
  env QUARKUS_HTTP_PORT="$1" QUARKUS_HTTP_HOST=127.0.0.1 EDGESYNC_REGION_NAME=bench EDGESYNC_REGION_CONFIG_FILE="$d/region.properties" \
    EDGESYNC_ORIGIN_URL="http://127.0.0.1:$op" EDGESYNC_ADMIN_TOKEN="$name-admin-token-0123456789" \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$2" EDGESYNC_INVALIDATION_ENABLED=false ${5:-} \
    timeout 10m java ${6:-$edge_alone_jvm} -jar "$3/quarkus-run.jar" > "$d/$4.log" 2>&1 & edge=$!
  pids=("$edge" "${pids[@]}")
  for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$1/q/health/live" && break; sleep 0.3; done
  jvm=$(pgrep -P "$edge" | head -1); jvm=${jvm:-$edge}  # the java under timeout
}

edge_alone_objects() {
  mkdir -p "$d/www/obj"; head -c 512 /dev/zero | tr '\0' x > "$d/obj"
  for i in $(seq 0 9999); do cp "$d/obj" "$d/www/obj/$i"; done
}

edge_cpu_ticks() { awk '{print $14+$15}' "/proc/$jvm/stat"; }
