#!/usr/bin/env bash
# Miss-storm cost on a shared machine: N concurrent GETs of one cold key (connections opened first, then released at
# once) against the edge jar as a plain HTTP cache, an origin that answers after DELAY ms; per storm prints
#   LABEL storm=i ok=... slowest_ms=... edge_cpu_ms=... fetches=... load=...
# edge_cpu_ms (the edge's CPU time during the storm) is what other load on the machine disturbs least.
# usage: bench/storm-cpu.sh [APP_DIR (default edge/target/quarkus-app)] [LABEL] [STORMS (default 5)] [N (1000)] [DELAY (200)]
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(realpath "${1:-edge/target/quarkus-app}"); label=${2:-edge}; storms=${3:-5}; n=${4:-1000}; delay=${5:-200}
d=$(mktemp -d /tmp/edgesync-storm-cpu.XXXXXX)
redis=$(command -v redis-server || ls /tmp/edgesync-redis-server-* 2>/dev/null | head -1 || true)
[ -x "$redis" ] || { echo "no redis-server on the PATH (run any edge test once: the lab extracts one to /tmp)" >&2; exit 2; }
free() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
rp=$(free); op=$(free); ep=$(free)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$d"; }
trap cleanup EXIT
timeout 10m "$redis" --port "$rp" --bind 127.0.0.1 --save '' --appendonly no > "$d/redis.log" 2>&1 & pids+=($!)
timeout 10m python3 bench/storm/slow_origin.py "$op" "$delay" > "$d/origin.log" 2>&1 & pids+=($!)
printf 'edgesync.region.strategy=eager\nedgesync.region.delay-ms=0\n' > "$d/region.properties"
env QUARKUS_HTTP_PORT="$ep" QUARKUS_HTTP_HOST=127.0.0.1 EDGESYNC_REGION_NAME=bench EDGESYNC_REGION_CONFIG_FILE="$d/region.properties" \
  EDGESYNC_ORIGIN_URL="http://127.0.0.1:$op" EDGESYNC_ADMIN_TOKEN=storm-cpu-admin-token-0123456789 \
  QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$rp" EDGESYNC_INVALIDATION_ENABLED=false \
  timeout 10m java -Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch -jar "$app/quarkus-run.jar" > "$d/edge.log" 2>&1 & edge=$!
pids=("$edge" "${pids[@]}")
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$ep/q/health/live" && break; sleep 0.3; done
javac -d "$d" bench/storm/StormClient.java
# warm-up storms (JIT), not printed
jvm=$(pgrep -P "$edge" | head -1); jvm=${jvm:-$edge}  # the java under timeout
for w in 1 2 3; do java -cp "$d" StormClient "$ep" "/warm/$w" "$n" > /dev/null; done
ticks() { awk '{print $14+$15}' "/proc/$jvm/stat"; }
hz=$(getconf CLK_TCK)
for i in $(seq 1 "$storms"); do
  f0=$(curl -s "http://127.0.0.1:$op/fetches"); t0=$(ticks)
  out=$(java -cp "$d" StormClient "$ep" "/storm/$label-$i-$RANDOM" "$n" "$jvm")
  t1=$(ticks); f1=$(curl -s "http://127.0.0.1:$op/fetches")
  echo "$label storm=$i $out edge_cpu_ms=$(( (t1 - t0) * 1000 / hz )) fetches=$((f1 - f0)) load=$(cut -d' ' -f1 /proc/loadavg)"
done
curl -s "http://127.0.0.1:$ep/metrics/summary" | python3 -c 'import json,sys; s=json.load(sys.stdin); print("'"$label"' summary", {k: v for k, v in s.items() if not isinstance(v, (dict, list))})' || true
