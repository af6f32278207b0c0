#!/usr/bin/env bash
# Haven API benchmark: loads at least 10,000 tickets into one tenant through the API, then measures requests/s over
# loopback for ticket create, view, list (per_page=100) and search, next to /healthz (no auth, no database) as the
# ceiling of the same server; then TLS: new handshakes/s (one request per connection) and requests/s over kept-alive
# TLS connections, next to the same figures over plain HTTP. A program to run and report, not a test.
# The API runs over plain HTTP on loopback (--http-api-on-loopback) for the API figures.
#
#   scripts/bench.sh [seconds-per-run (default 10)] [connections (default 32)]
#
# Needs wrk (apt-get install wrk). Builds Haven in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
THREADS=1
PORT="${BENCH_PORT:-18181}"
TLS_PORT="${BENCH_TLS_PORT:-18182}"
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

# HAVEN_BIN runs another build (scripts/bench-compare.sh compares with a baseline binary);
# BENCH_API_ONLY=1 stops after the API figures.
if [ -z "${HAVEN_BIN:-}" ]; then
  swift build -c release --product haven >/dev/null 2>&1
  BIN="$(swift build -c release --show-bin-path)/haven"
else
  BIN="$HAVEN_BIN"
fi
DATA="$(mktemp -d)"
LOG="$DATA/serve.log"
HAVEN_RATE_LIMIT_PER_MINUTE=100000000 "$BIN" serve --data-dir "$DATA" --http-port "$PORT" --https-port "$TLS_PORT" \
    --http-api-on-loopback >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do grep -q "Haven is serving" "$LOG" && break; sleep 0.1; done
KEY="$(grep -o 'shown once): [A-Za-z0-9]*' "$LOG" | awk '{print $3}')"
[ -n "$KEY" ] || { echo "bench: server did not start" >&2; cat "$LOG" >&2; exit 1; }
AUTH="Authorization: Basic $(printf '%s:X' "$KEY" | base64 -w0)"
BASE="http://127.0.0.1:$PORT"

run() { # name, script-or-empty, path [base [extra wrk args…]]
  local name="$1" script="$2" path="$3" base="${4:-$BASE}" out
  shift 4 2>/dev/null || shift 3
  if [ -n "$script" ]; then
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "$AUTH" "$@" -s "scripts/bench/$script" "$base$path")"
  else
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "$AUTH" "$@" "$base$path")"
  fi
  local rps errors
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  errors="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  printf '%-28s %10s req/s   latency %s   non-2xx %s\n' "$name" "$rps" "$(echo "$out" | awk '/Latency/ {print $2}')" "${errors:-0}"
  echo "$rps" >"$DATA/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_').rps"
}

echo "Haven benchmark: ${DURATION}s per run, $CONNECTIONS connections, $(nproc) cores"
run "ceiling GET /healthz" "" "/healthz"
run "create POST /tickets" create.lua "/api/v2/tickets"
COUNT=$(curl -s -H "$AUTH" "$BASE/api/v2/search/tickets?query=%22status:2%22" | sed -E 's/^\{"total":([0-9]+).*/\1/')
while [ "$COUNT" -lt 10000 ]; do  # top up to 10,000 tickets when the create run was short
  wrk -t1 -c"$CONNECTIONS" -d5s -H "$AUTH" -s scripts/bench/create.lua "$BASE/api/v2/tickets" >/dev/null
  COUNT=$(curl -s -H "$AUTH" "$BASE/api/v2/search/tickets?query=%22status:2%22" | sed -E 's/^\{"total":([0-9]+).*/\1/')
done
echo "tickets in the tenant: $COUNT"
export TICKETS="$COUNT"
run "view GET /tickets/{id}" view.lua "/api/v2/tickets/1"
run "list GET /tickets?per_page=100" list.lua "/api/v2/tickets"
run "search GET /search/tickets" search.lua "/api/v2/search/tickets"
rps_of() { cat "$DATA/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '_').rps"; }
CEILING="$(rps_of "ceiling GET /healthz")"
for name in "create POST /tickets" "view GET /tickets/{id}" "list GET /tickets?per_page=100" "search GET /search/tickets"; do
  awk -v n="$name" -v r="$(rps_of "$name")" -v c="$CEILING" 'BEGIN { printf "%-28s %.3f of the ceiling\n", n, r / c }'
done

[ "${BENCH_API_ONLY:-0}" = 1 ] && exit 0

TLS_BASE="https://localhost:$TLS_PORT"
echo
echo "TLS (same server): kept-alive connections vs one request per connection (each a new TLS handshake)"
run "http keep-alive /healthz" "" "/healthz" "$BASE"
run "https keep-alive /healthz" "" "/healthz" "$TLS_BASE"
run "https keep-alive view" view.lua "/api/v2/tickets/1" "$TLS_BASE"
run "http new conn /healthz" "" "/healthz" "$BASE" -H "Connection: close"
run "https new conn /healthz" "" "/healthz" "$TLS_BASE" -H "Connection: close"
awk -v t="$(rps_of "https keep-alive /healthz")" -v p="$(rps_of "http keep-alive /healthz")" \
  'BEGIN { printf "kept-alive TLS / plain HTTP: %.3f\n", t / p }'
awk -v t="$(rps_of "https keep-alive view")" -v p="$(rps_of "view GET /tickets/{id}")" \
  'BEGIN { printf "ticket view over TLS / over plain HTTP: %.3f\n", t / p }'
awk -v t="$(rps_of "https new conn /healthz")" -v p="$(rps_of "http new conn /healthz")" \
  'BEGIN { printf "new TLS handshakes/s: %s; / new plain connections: %.3f\n", t, t / p }'
