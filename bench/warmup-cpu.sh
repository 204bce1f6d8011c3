#!/usr/bin/env bash
# Where a fresh edge's CPU goes while its JIT warms: Zipf passes over 10,000 objects (bench/lib/zipf.lua under
# wrk -t2 -c64), edge, its Redis and the origin pinned to CPU 0 and wrk to CPU 1 (as bench/run.sh). Each pass is new
# objects (misses, then hits) or the previous pass again (all hits); per pass it prints req/s, the edge's CPU seconds
# by thread (event loop, C2 and C1 compilers, GC) and the JIT's compilations so far:
#   PASS KIND rps=... loop_s=... c2_s=... c1_s=... gc_s=... compiles=...
# usage: bench/warmup-cpu.sh [PASSES (default 8)] [SECONDS a pass (default 5)] [APP_DIR (default edge/target/quarkus-app)]
#   EDGESYNC_JIT_WARMUP_REQUESTS=20000 (as the chart and bench/run.sh): the edge warms its JIT first; the passes start
#   once it is ready
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/edge-alone.sh
passes=${1:-8}; secs=${2:-5}; app=$(realpath "${3:-edge/target/quarkus-app}")
edge_alone_init warmup-cpu
edge_alone_origin 0
edge_alone_objects
# as bench/run.sh runs it: one event loop for the one core, and an L1 that holds every pass's objects
export EDGESYNC_CACHE_L1_MAX_BYTES=268435456 QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=1
edge_alone_start "$app" warmup-cpu
taskset -a -p -c 0 "$jvm" > /dev/null; for p in $(pgrep -f "127.0.0.1:$rp"); do taskset -p -c 0 "$p" > /dev/null; done
# with EDGESYNC_JIT_WARMUP_REQUESTS set, the edge warms its JIT before it is ready: wait for that, as a load balancer would
t0=$(date +%s%N)
for _ in $(seq 1 1200); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$ep/q/health/ready")" = 200 ] && break; sleep 0.2; done
echo "ready $(( ($(date +%s%N) - t0) / 1000000 )) ms after it was live (JIT warm-up: ${EDGESYNC_JIT_WARMUP_REQUESTS:-0} requests)"
curl -s -o /dev/null -D - "http://127.0.0.1:$ep/obj/0" | grep -qi "^x-cache" || { echo "the edge does not answer; its log:" >&2; tail -20 "$d/edge.log" >&2; exit 1; }
# CPU seconds of the edge's threads whose name starts with $1
threads() { local s=0; for t in /proc/"$jvm"/task/*; do case "$(cat "$t/comm")" in "$1"*) s=$((s + $(awk '{print $14+$15}' "$t/stat")));; esac; done; echo "$s"; }
secs_of() { python3 -c "print(round(($1)/$hz,2))"; }
for i in $(seq 1 "$passes"); do
  pass=$(( (i + 1) / 2 )); kind=$([ $((i % 2)) = 1 ] && echo cold || echo hot)
  l0=$(threads vert.x-eventloo); c20=$(threads "C2 Compiler"); c10=$(threads "C1 Compiler"); g0=$(threads "GC Thread")
  out=$(PASS=$pass taskset -c 1 wrk -t2 -c64 -d"${secs}"s -s bench/lib/zipf.lua "http://127.0.0.1:$ep")
  compiles=$(jstat -compiler "$jvm" 2>/dev/null | awk 'NR==2{print $1}')
  echo "$i $kind rps=$(echo "$out" | awk '/Requests\/sec/{printf "%d", $2}') loop_s=$(secs_of "$(threads vert.x-eventloo)-$l0")" \
    "c2_s=$(secs_of "$(threads "C2 Compiler")-$c20") c1_s=$(secs_of "$(threads "C1 Compiler")-$c10") gc_s=$(secs_of "$(threads "GC Thread")-$g0") compiles=${compiles:-?}"
done
