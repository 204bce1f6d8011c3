#!/usr/bin/env sh
# Skaffold custom builder for one Quarkus module (origin or edge): Jib through the
# quarkus-container-image-jib extension, so no Dockerfile and no jib-maven-plugin.
# Skaffold sets IMAGE (full reference to build) and PUSH_IMAGE (true for remote clusters).
# Usage: deploy/skaffold-build.sh origin|edge [jvm|native]
# PRINT_ONLY=true prints the Maven command instead of running it.
set -eu
module="${1:?usage: skaffold-build.sh origin|edge [jvm|native]}"
mode="${2:-jvm}"
: "${IMAGE:?IMAGE is set by Skaffold}"
cd "$(dirname "$0")/.."

# minikube: build straight into the cluster's Docker daemon unless Skaffold already pointed us at it.
if [ "${PRINT_ONLY:-false}" != true ] && [ -z "${DOCKER_HOST:-}" ] && command -v minikube >/dev/null 2>&1 \
    && [ "$(kubectl config current-context 2>/dev/null || true)" = "minikube" ]; then
  eval "$(minikube -p minikube docker-env)"
fi

set -- -B -pl "$module" -am package -DskipTests \
  -Dquarkus.container-image.build=true \
  -Dquarkus.container-image.image="$IMAGE" \
  -Dquarkus.container-image.push="${PUSH_IMAGE:-false}"
if [ "$mode" = native ]; then
  # Remote container build: the sources are copied into the Mandrel builder container instead of
  # bind-mounted, so it works with a Docker daemon that cannot see this machine's paths (minikube's).
  set -- "$@" -Pnative -Dquarkus.native.remote-container-build=true
fi
if [ "${PRINT_ONLY:-false}" = true ]; then
  echo ./mvnw "$@"
  exit 0
fi
exec ./mvnw "$@"
