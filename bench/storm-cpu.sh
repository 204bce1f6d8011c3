#!/usr/bin/env bash
# Miss-storm cost on a shared machine: N concurrent GETs of one cold key (connections opened first, then released at
# once) against the edge jar as a plain HTTP cache, an origin that answers after DELAY ms; per storm prints
#   LABEL storm=i ok=... slowest_ms=... edge_cpu_ms=... fetches=... load=...
# edge_cpu_ms (the edge's CPU time during the storm) is what other load on the machine disturbs least.
# usage: bench/storm-cpu.sh [APP_DIR (default edge/target/quarkus-app)] [LABEL] [STORMS (default 5)] [N (1000)] [DELAY (200)]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/edge-alone.sh
app=$(realpath "${1:-edge/target/quarkus-app}"); label=${2:-edge}; storms=${3:-5}; n=${4:-1000}; delay=${5:-200}
edge_alone_init storm-cpu
timeout 10m python3 bench/storm/slow_origin.py "$op" "$delay" > "$d/origin.log" 2>&1 & pids+=($!)
edge_alone_start "$app" storm-cpu
javac -d "$d" bench/storm/StormClient.java
# warm-up storms (JIT), not printed
for w in 1 2 3; do java -cp "$d" StormClient "$ep" "/warm/$w" "$n" > /dev/null; done
for i in $(seq 1 "$storms"); do
  f0=$(curl -s "http://127.0.0.1:$op/fetches"); t0=$(edge_cpu_ticks)
  out=$(java -cp "$d" StormClient "$ep" "/storm/$label-$i-$RANDOM" "$n" "$jvm")
  t1=$(edge_cpu_ticks); f1=$(curl -s "http://127.0.0.1:$op/fetches")
  echo "$label storm=$i $out edge_cpu_ms=$(( (t1 - t0) * 1000 / hz )) fetches=$((f1 - f0)) load=$(cut -d' ' -f1 /proc/loadavg)"
done
curl -s "http://127.0.0.1:$ep/metrics/summary" | python3 -c 'import json,sys; s=json.load(sys.stdin); print("'"$label"' summary", {k: v for k, v in s.items() if not isinstance(v, (dict, list))})' || true
