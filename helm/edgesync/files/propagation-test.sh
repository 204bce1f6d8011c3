#!/bin/sh
# The chart's `helm test` (templates/tests/propagation-test.yaml runs it in a curl image): through every
# region's edge an item is served via the origin, and an update of it reaches every region. The e2e test
# HelmTestScriptTest runs this same file against the local topology.
# Env: ORIGIN (origin URL), EDGES ("region=url region=url ..."), TIMEOUT (seconds per region), WRITE_TOKEN.
set -eu
slug="helm-test-$(date +%s)"
created=$(curl -fsS -X POST "$ORIGIN/api/content" -H "Authorization: Bearer $WRITE_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"title\":\"helm test\",\"slug\":\"$slug\",\"body\":\"first $slug\",\"tags\":[\"helm-test\"]}")
id=$(echo "$created" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
[ -n "$id" ] || { echo "origin did not create the item: $created"; exit 1; }
echo "created item $id"
trap 'curl -fsS -X DELETE "$ORIGIN/api/content/$id" -H "Authorization: Bearer $WRITE_TOKEN" >/dev/null || true' EXIT
for edge in $EDGES; do
  region=${edge%%=*}; url=${edge#*=}
  body=$(curl -fsS "$url/api/content/$id")
  case "$body" in *"first $slug"*) echo "$region serves item $id" ;; *) echo "$region: unexpected $body"; exit 1 ;; esac
done
curl -fsS -X PUT "$ORIGIN/api/content/$id" -H "Authorization: Bearer $WRITE_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"title\":\"helm test\",\"slug\":\"$slug\",\"body\":\"second $slug\",\"tags\":[\"helm-test\"]}" >/dev/null
for edge in $EDGES; do
  region=${edge%%=*}; url=${edge#*=}; waited=0
  until curl -fsS "$url/api/content/$id" | grep -q "second $slug"; do
    waited=$((waited + 1))
    [ "$waited" -le "$TIMEOUT" ] || { echo "$region: the update did not arrive within ${TIMEOUT}s"; exit 1; }
    sleep 1
  done
  echo "$region has the update after ${waited}s"
done
