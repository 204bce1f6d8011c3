#!/usr/bin/env bash
# EdgeSync benchmark: one command. Builds what is missing or stale (./mvnw -q install -DskipTests), installs wrk
# (Debian package) when it is missing and we are root, then runs the bench driver, which starts the whole topology
# on this machine (loopback only), measures, prints one table and writes bench/results/latest.md.
#   bench/run.sh [--only 1,2,3,4] [--no-wrk] [--hit-seconds 15] [--objects 1000000] ... (--help for all)
# Environment: BENCH_BUILD=auto (default) | always | never; EDGESYNC_ROOT=dir to run the service jars of another
# checkout or a copy (the build step still builds this one)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bench_jar="bench/target/edgesync-bench-0.1.0-SNAPSHOT.jar"
service_jars=(lab/target/edgesync-lab-0.1.0-SNAPSHOT.jar origin/target/quarkus-app/quarkus-run.jar
  edge/target/quarkus-app/quarkus-run.jar "$bench_jar")

for arg in "$@"; do
  if [ "$arg" = "-h" ] || [ "$arg" = "--help" ]; then
    [ -f "$bench_jar" ] && exec java -jar "$bench_jar" --help
  fi
done

# --- build when missing or older than the sources
mode="${BENCH_BUILD:-auto}"
needs_build=0
if [ "$mode" = "always" ]; then
  needs_build=1
elif [ "$mode" != "never" ]; then
  for jar in "${service_jars[@]}"; do
    if [ ! -f "$jar" ]; then needs_build=1; break; fi
  done
  if [ "$needs_build" = 0 ]; then
    newer=$(find events lab origin edge bench pom.xml -path '*/target' -prune -o -type f -newer "$bench_jar" -print -quit 2>/dev/null || true)
    [ -n "$newer" ] && needs_build=1
  fi
fi
if [ "$needs_build" = 1 ]; then
  echo "bench: building EdgeSync (./mvnw -q install -DskipTests) ..." >&2
  ./mvnw -B -q install -DskipTests -pl events,lab,origin,edge -am >&2
  # bench is built on its own too, so this works whether or not the root pom lists it yet
  ./mvnw -B -q install -DskipTests -f bench/pom.xml >&2
fi

# --- wrk (Debian package)
wrk_flag=()
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing wrk (apt-get install wrk) ..." >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || true
    fi
  fi
  if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: wrk is not installed and cannot be installed here (needs root and apt-get: apt-get install wrk);" >&2
    echo "bench: skipping the wrk runs, the hit figures come from the bench's own Java driver only." >&2
    wrk_flag=(--no-wrk)
  fi
fi

exec java -Xms256m -Xmx1g -XX:+UseParallelGC -Dedgesync.root="${EDGESYNC_ROOT:-$root}" -jar "$bench_jar" "${wrk_flag[@]}" "$@"
