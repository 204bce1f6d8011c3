#!/usr/bin/env bash
# Edge hit cost on a shared machine: CPU time of the edge process per hit, which other load disturbs far less
# than req/s. Starts a redis-server, an nginx origin (/1k, /64k, Cache-Control: public, max-age=3600) and the
# edge jar as a plain HTTP cache (production JVM options), warms, then runs wrk -t2 -c64 per path and prints
#   LABEL PATH rps=... cpu_us_per_req=... load=...
# usage: bench/hit-cpu.sh [APP_DIR (default edge/target/quarkus-app)] [LABEL] [SECONDS (default 10)]
# Compare two builds by running this alternately on copies of their quarkus-app directories.
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(realpath "${1:-edge/target/quarkus-app}"); label=${2:-edge}; secs=${3:-10}
d=$(mktemp -d /tmp/edgesync-hit-cpu.XXXXXX); chmod 755 "$d"; mkdir -p "$d/www" "$d/ng/temp"  # nginx workers run as nobody
head -c 1024 /dev/urandom > "$d/www/1k"; head -c 65536 /dev/urandom > "$d/www/64k"
redis=$(command -v redis-server || ls /tmp/edgesync-redis-server-* 2>/dev/null | head -1 || true)
[ -x "$redis" ] || { echo "no redis-server on the PATH (run any edge test once: the lab extracts one to /tmp)" >&2; exit 2; }
free() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
rp=$(free); op=$(free); ep=$(free)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$d"; }
trap cleanup EXIT
timeout 10m "$redis" --port "$rp" --bind 127.0.0.1 --save '' --appendonly no > "$d/redis.log" 2>&1 & pids+=($!)
cat > "$d/ng/nginx.conf" <<NG
worker_processes 1; daemon off; pid $d/ng/nginx.pid; error_log $d/ng/error.log warn;
events { worker_connections 4096; }
http { access_log off; sendfile on; keepalive_requests 10000000; default_type application/octet-stream;
 client_body_temp_path $d/ng/temp/b; proxy_temp_path $d/ng/temp/p; fastcgi_temp_path $d/ng/temp/f; uwsgi_temp_path $d/ng/temp/u; scgi_temp_path $d/ng/temp/s;
 server { listen 127.0.0.1:$op; root $d/www; location / { add_header Cache-Control "public, max-age=3600"; } } }
NG
timeout 10m /usr/sbin/nginx -p "$d/ng" -c "$d/ng/nginx.conf" -e "$d/ng/error.log" & pids+=($!)
printf 'edgesync.region.strategy=eager\nedgesync.region.delay-ms=0\n' > "$d/region.properties"
# the production JVM options (testkit ServiceJvm.PRODUCTION), as the chart and bench/run.sh use them
env QUARKUS_HTTP_PORT="$ep" QUARKUS_HTTP_HOST=127.0.0.1 EDGESYNC_REGION_NAME=bench EDGESYNC_REGION_CONFIG_FILE="$d/region.properties" \
  EDGESYNC_ORIGIN_URL="http://127.0.0.1:$op" EDGESYNC_ADMIN_TOKEN=hit-cpu-admin-token-0123456789 \
  QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$rp" EDGESYNC_INVALIDATION_ENABLED=false \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch -jar "$app/quarkus-run.jar" > "$d/edge.log" 2>&1 & edge=$!
pids=("$edge" "${pids[@]}")
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$ep/q/health/live" && break; sleep 0.3; done
for p in 1k 64k; do for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$ep/$p"; done; done
curl -s -o /dev/null -D - "http://127.0.0.1:$ep/1k" | grep -i "^x-cache" >&2 || { echo "the edge does not answer; its log:" >&2; tail -20 "$d/edge.log" >&2; exit 1; }
grep -qi "x-cache: hit" <(curl -s -o /dev/null -D - "http://127.0.0.1:$ep/1k") || { echo "the second request of /1k is not a HIT; the origin log:" >&2; tail -5 "$d/ng/error.log" >&2; exit 1; }
ticks() { awk '{print $14+$15}' "/proc/$edge/stat"; }
hz=$(getconf CLK_TCK)
wrk -t2 -c64 -d5s "http://127.0.0.1:$ep/1k" > /dev/null
for p in 1k 64k; do
  t0=$(ticks); out=$(wrk -t2 -c64 -d"${secs}"s "http://127.0.0.1:$ep/$p"); t1=$(ticks)
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}'); n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$label $p rps=$rps cpu_us_per_req=$(python3 -c "print(round(($t1-$t0)*1e6/$hz/$n,2))") load=$(cut -d' ' -f1 /proc/loadavg)"
done
