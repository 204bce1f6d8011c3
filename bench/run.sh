#!/usr/bin/env bash
# EdgeSync benchmark: one command. Builds what is missing or stale (./mvnw -q install -DskipTests), then
#   bench/run.sh [--rounds 3] [--hit-seconds 10] ... (--help for all)
#     the comparison (default): nginx proxy_cache, Varnish and the EdgeSync edge in front of one nginx origin, the
#     caching tier on CPU 0 and the load on CPU 1; installs nginx, varnish, wrk and nghttp2-client (h2load) with
#     apt-get when missing and run as root, otherwise says what is missing and leaves that cache out
#   bench/run.sh topology [--only 1,2,3,4] ...
#     the EdgeSync-only scenarios on the whole local topology (hits, invalidation overhead, tag purge, collapsing)
# Both print one table and write bench/results/latest.md (topology: bench/results/topology.md).
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
    [ -f "$bench_jar" ] && exec java -jar "$bench_jar" "$@"
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
    newer=$(find events testkit lab origin edge bench pom.xml -path '*/target' -prune -o -type f -newer "$bench_jar" -print -quit 2>/dev/null || true)
    [ -n "$newer" ] && needs_build=1
  fi
fi
if [ "$needs_build" = 1 ]; then
  echo "bench: building EdgeSync (./mvnw -q install -DskipTests) ..." >&2
  # one reactor, so that bench links against this checkout's testkit, lab and edge, not whatever ~/.m2 holds
  ./mvnw -B -q install -DskipTests -pl events,testkit,lab,origin,edge,bench -am >&2
fi

# --- Debian packages of the load generators and the other caches
apt_install() { # package...: installs when root with apt-get; services are not started (policy-rc.d)
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 0
  echo "bench: installing $* (apt-get install) ..." >&2
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; created=1; fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || true
  fi
  if [ "$created" = 1 ]; then rm -f "$policy"; fi
}
extra=()
if [ "${1:-}" = "topology" ]; then
  command -v wrk >/dev/null 2>&1 || apt_install wrk
  if ! command -v wrk >/dev/null 2>&1; then
    echo "bench: wrk is not installed and cannot be installed here (needs root: apt-get install wrk);" >&2
    echo "bench: skipping the wrk runs, the hit figures come from the bench's own Java driver only." >&2
    extra=(--no-wrk)
  fi
else
  missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v h2load >/dev/null 2>&1 || missing+=(nghttp2-client)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
  [ -x /usr/sbin/varnishd ] || command -v varnishd >/dev/null 2>&1 || missing+=(varnish)
  [ ${#missing[@]} -gt 0 ] && apt_install "${missing[@]}"
  for tool in wrk h2load taskset; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "bench: $tool is missing (as root: apt-get install wrk nghttp2-client util-linux); cannot compare" >&2
      exit 2
    fi
  done
  caches=edge
  if [ -x /usr/sbin/varnishd ] || command -v varnishd >/dev/null 2>&1; then caches="varnish,$caches"
  else echo "bench: varnishd is missing (as root: apt-get install varnish); leaving Varnish out" >&2; fi
  if [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1; then caches="nginx,$caches"
  else
    echo "bench: nginx is missing (as root: apt-get install nginx); it is also the origin, cannot compare" >&2
    exit 2
  fi
  has_caches=0
  for arg in "$@"; do [ "$arg" = "--caches" ] || [[ "$arg" == --caches=* ]] && has_caches=1; done
  [ "$has_caches" = 0 ] && extra=(--caches "$caches")
fi

# the bench JVM drives load too: it runs on the load generators' CPU; the tier it starts is pinned to CPU 0
pin=()
if [ "${1:-}" != "topology" ] && command -v taskset >/dev/null 2>&1; then pin=(taskset -c 1); fi
if [ "${1:-}" = "topology" ]; then
  shift
  exec java -Xms256m -Xmx1g -XX:+UseParallelGC -Dedgesync.root="${EDGESYNC_ROOT:-$root}" -jar "$bench_jar" topology "${extra[@]}" "$@"
fi
exec "${pin[@]}" java -Xms256m -Xmx1g -XX:+UseParallelGC -Dedgesync.root="${EDGESYNC_ROOT:-$root}" -jar "$bench_jar" "${extra[@]}" "$@"
