#!/usr/bin/env bash
# Two edges side by side, A and B, on the same core at the same time: each with a redis-server of its own, one nginx
# origin for both, all on CPU 0 and wrk on CPU 1 (as bench/run.sh). Runs of wrk alternate between A and B, so a
# machine whose speed drifts over minutes (this one: ±30 % between identical runs a few minutes apart) disturbs
# both alike. Per run it prints req/s, the edge's and its Redis's CPU µs per request and the share of requests that
# the edge fetched from the origin, then the mean of each side:
#   MEASURE SIDE rps=... cpu_us=... redis_us=... fetched=...        one run (cpu_us: all of the edge's threads but
#                                                       its JIT compilers; redis_us: that side's redis-server)
#   MEAN MEASURE SIDE rps=... cpu_us=... redis_us=... fetched=...   the mean of RUNS runs
# Measures: hit1k and hit64k (one cached object, wrk -t2 -c64), zipf (bench/lib/zipf.lua: Zipf s = 1 over 10,000
# objects, a new pass of objects every run: cold, misses then hits), miss (every request a new key: misses only).
# The first WARMUPS runs of each measure and side warm the JIT and are not counted.
# usage: bench/ab-cpu.sh [A_APP_DIR] [B_APP_DIR] [RUNS (default 4)] [SECONDS a run (default 5)]
#   A_ENV / B_ENV: extra environment of that side's edge ("NAME=value ..."), to compare settings of one build
#   A_JVM / B_JVM: that side's JVM options (default: the production set, testkit ServiceJvm.PRODUCTION)
#   MEASURES (default "hit1k hit64k zipf miss"), WARMUPS (default 3)
# An A/A run (the same build on both sides) shows the noise floor: differences below it mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/edge-alone.sh
a_app=$(realpath "${1:-edge/target/quarkus-app}"); b_app=$(realpath "${2:-${1:-edge/target/quarkus-app}}")
runs=${3:-4}; secs=${4:-5}; warmups=${WARMUPS:-3}
edge_alone_init ab-cpu
rp_a=$rp; rp_b=$(free_port); edge_alone_redis "$rp_b" redis-b
edge_alone_origin 0
head -c 1024 /dev/urandom > "$d/www/1k"; head -c 65536 /dev/urandom > "$d/www/64k"
edge_alone_objects
cat > "$d/miss.lua" <<'LUA'
local c = 0
local run = os.getenv("PASS") or "0"
local threads = 0
-- each wrk thread numbers its keys apart (tid, a global of its own script set by thread:set): with the counter alone,
-- both threads asked for the same keys, so half the requests waited for the other thread's fill instead of missing
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
request = function() c = c + 1; return wrk.format("GET", "/obj/" .. (c % 10000) .. "?m=" .. run .. "-" .. tid .. "-" .. c) end
LUA

# start_side SIDE APP REDIS_PORT ENV JVM: the edge as a plain HTTP cache on CPU 0 (as bench/run.sh runs it: one event
# loop, an L1 of 256 MiB), on $side_port, its java process $side_jvm
start_side() {
  side_port=$(free_port)
  edge_alone_launch "$side_port" "$3" "$2" "edge-$1" "EDGESYNC_CACHE_L1_MAX_BYTES=268435456 \
    QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=1 $4" "$5"
  taskset -a -p -c 0 "$jvm" > /dev/null; side_jvm=$jvm
  curl -s -o /dev/null -D - "http://127.0.0.1:$side_port/1k" | grep -qi "^x-cache" \
    || { echo "edge $1 does not answer; its log:" >&2; tail -20 "$d/edge-$1.log" >&2; exit 1; }
}
start_side A "$a_app" "$rp_a" "${A_ENV:-}" "${A_JVM:-}"; port_a=$side_port; jvm_a=$side_jvm
start_side B "$b_app" "$rp_b" "${B_ENV:-}" "${B_JVM:-}"; port_b=$side_port; jvm_b=$side_jvm
# the redis-servers (their process title names their address) and the `timeout` wrappers that started them
for p in $(pgrep -f "127.0.0.1:($rp_a|$rp_b)|port ($rp_a|$rp_b)"); do taskset -p -c 0 "$p" > /dev/null; done
redis_a=$(pgrep -f "^$redis .*:$rp_a\b|^$redis .*port $rp_a\b" | head -1)
redis_b=$(pgrep -f "^$redis .*:$rp_b\b|^$redis .*port $rp_b\b" | head -1)
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU ticks of a JVM's threads but its JIT compilers (their work falls off after warm-up and is not per request)
ticks() {
  local s=0 t
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in "C1 Compiler"*|"C2 Compiler"*) ;; *) s=$((s + $(awk '{print $14+$15}' "$t/stat" 2>/dev/null || echo 0)));; esac
  done
  echo "$s"
}

# origin fetches the edge on PORT counted so far (its /metrics/summary)
fetches() { curl -s "http://127.0.0.1:$1/metrics/summary" | python3 -c 'import json,sys; print(json.load(sys.stdin)["originFetches"])'; }

# one_run MEASURE SIDE PORT JVM RUN REDIS: one wrk run; prints "rps cpu_us redis_us fetched"
one_run() {
  local url="http://127.0.0.1:$3" args=() t0 t1 r0 r1 f0 f1 out n
  case "$1" in
    hit1k) url="$url/1k" ;;
    hit64k) url="$url/64k" ;;
    zipf) args=(-s bench/lib/zipf.lua) ;;
    miss) args=(-s "$d/miss.lua") ;;
  esac
  f0=$(fetches "$3"); t0=$(ticks "$4"); r0=$(proc_ticks "$6")
  out=$(PASS="$2$5" taskset -c 1 wrk -t2 -c64 -d"${secs}"s "${args[@]}" "$url")
  t1=$(ticks "$4"); r1=$(proc_ticks "$6"); f1=$(fetches "$3")
  n=$(echo "$out" | awk '/requests in/{print $1}')
  python3 -c "print(round($n/$secs), round(($t1-$t0)*1e6/$hz/max(1,$n),1), round(($r1-$r0)*1e6/$hz/max(1,$n),1), round(($f1-$f0)/max(1,$n),2))"
}
for m in ${MEASURES:-hit1k hit64k zipf miss}; do
  for i in $(seq 1 $((warmups + runs))); do
    for side in A B; do
      if [ "$side" = A ]; then port=$port_a; jvm=$jvm_a; rd=$redis_a; else port=$port_b; jvm=$jvm_b; rd=$redis_b; fi
      read -r rps cpu rcpu fetched < <(one_run "$m" "$side" "$port" "$jvm" "$i" "$rd")
      [ "$i" -gt "$warmups" ] && echo "$m $side rps=$rps cpu_us=$cpu redis_us=$rcpu fetched=$fetched"
    done
  done
done | awk '{print; fflush(); split($3,r,"="); split($4,c,"="); split($5,e,"="); split($6,f,"="); k=$1" "$2
  s[k]+=r[2]; u[k]+=c[2]; v[k]+=e[2]; w[k]+=f[2]; n[k]++}
  END {for (k in s) printf "MEAN %s rps=%d cpu_us=%.1f redis_us=%.1f fetched=%.2f\n", k, s[k]/n[k], u[k]/n[k], v[k]/n[k], w[k]/n[k] | "sort"}'
