#!/usr/bin/env bash
# Edge hit cost on a shared machine: CPU time of the edge process per hit, which other load disturbs far less
# than req/s. Starts a redis-server, an nginx origin (/1k, /64k, Cache-Control: public, max-age=3600) and the
# edge jar as a plain HTTP cache (production JVM options), warms, then runs wrk -t2 -c64 per path and prints
#   LABEL PATH rps=... cpu_us_per_req=... load=...
# usage: bench/hit-cpu.sh [APP_DIR (default edge/target/quarkus-app)] [LABEL] [SECONDS (default 10)]
# Compare two builds by running this alternately on copies of their quarkus-app directories.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/edge-alone.sh
app=$(realpath "${1:-edge/target/quarkus-app}"); label=${2:-edge}; secs=${3:-10}
edge_alone_init hit-cpu
edge_alone_origin
head -c 1024 /dev/urandom > "$d/www/1k"; head -c 65536 /dev/urandom > "$d/www/64k"
edge_alone_start "$app" hit-cpu
for p in 1k 64k; do for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$ep/$p"; done; done
curl -s -o /dev/null -D - "http://127.0.0.1:$ep/1k" | grep -i "^x-cache" >&2 || { echo "the edge does not answer; its log:" >&2; tail -20 "$d/edge.log" >&2; exit 1; }
grep -qi "x-cache: hit" <(curl -s -o /dev/null -D - "http://127.0.0.1:$ep/1k") || { echo "the second request of /1k is not a HIT; the origin log:" >&2; tail -5 "$d/ng/error.log" >&2; exit 1; }
wrk -t2 -c64 -d5s "http://127.0.0.1:$ep/1k" > /dev/null
for p in 1k 64k; do
  t0=$(edge_cpu_ticks); out=$(wrk -t2 -c64 -d"${secs}"s "http://127.0.0.1:$ep/$p"); t1=$(edge_cpu_ticks)
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}'); n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$label $p rps=$rps cpu_us_per_req=$(python3 -c "print(round(($t1-$t0)*1e6/$hz/$n,2))") load=$(cut -d' ' -f1 /proc/loadavg)"
done
