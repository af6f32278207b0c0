#!/usr/bin/env bash
# Console benchmark (a program to run and report, not a test), against a release build of `haven serve`:
#   1. the console's ticket list of 50 (a whole HTML page: session, permission, list, requesters, template) against
#      the API's list of 50 (JSON), wrk over kept-alive HTTPS, alternating console, API, console, API in one run;
#   2. the first load of the console's ticket list: the page and every asset it names, in bytes.
#
#   scripts/bench-console.sh [seconds-per-run (default 10)] [connections (default 32)]
#
# Needs wrk, curl and python3. HAVEN_BIN names a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-18391}"
TLS_PORT="${BENCH_TLS_PORT:-18392}"
command -v wrk >/dev/null || { echo "bench-console: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
PID=""
DATA=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=bench/start-server.sh
. scripts/bench/start-server.sh
echo "Console benchmark: $(nproc) cores, release build"
echo "   creating 500 tickets…"
for i in $(seq 1 500); do
  printf '{"subject":"Question %d about order %d","description":"<p>Details of question %d</p>","email":"customer%d@example.com","priority":1,"status":2}\n' \
    "$i" "$((i * 7))" "$i" "$((i % 40))"
done | while read -r body; do
  curl -s -o /dev/null --cacert "$DATA/tls/ca.pem" --resolve "localhost:$TLS_PORT:127.0.0.1" -H "$AUTH" \
    -H "Content-Type: application/json" --data "$body" "https://localhost:$TLS_PORT/api/v2/tickets"
done
LINK="$(HAVEN_HTTPS_PORT="$TLS_PORT" "$BIN" agent invite --data-dir "$DATA" --tenant demo --email bench@demo.example \
  --name "Bench Agent" | python3 -c 'import json, sys; print(json.load(sys.stdin)["link"])')"
OUTPUT="$(python3 scripts/bench/console_session.py "$LINK" "$DATA/tls/ca.pem" bench@demo.example)"
SESSION="$(echo "$OUTPUT" | sed -n 1p)"
read -r TOTAL PAGE ASSETS <<<"$(echo "$OUTPUT" | sed -n 2p)"
HOST="demo.localhost:$TLS_PORT"
rate() { # path, header
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$2" -H "Host: $HOST" "https://127.0.0.1:$TLS_PORT$1" |
    awk '/Requests\/sec/ {printf "%.0f", $2} /Non-2xx/ {print " (non-2xx: " $4 ")" > "/dev/stderr"}'
}
echo "1. ticket list of 50 ($CONNECTIONS connections, ${DURATION}s runs)"
# Warm-up, not reported: the server indexes the new tickets' words in the background for a few seconds after they
# were created, and the first requests fill SQLite's page cache and the key caches.
DURATION_MEASURED="$DURATION"
DURATION=3
rate "/console/tickets?per_page=50" "Cookie: $SESSION" >/dev/null
rate "/api/v2/tickets?per_page=50" "$AUTH" >/dev/null
DURATION="$DURATION_MEASURED"
declare -a CONSOLE API
for round in 1 2; do
  CONSOLE[round]="$(rate "/console/tickets?per_page=50" "Cookie: $SESSION")"
  API[round]="$(rate "/api/v2/tickets?per_page=50" "$AUTH")"
  printf '   round %d: console page %s pages/s, API %s lists/s, ratio %.3f\n' "$round" "${CONSOLE[round]}" "${API[round]}" \
    "$(echo "${CONSOLE[round]} / ${API[round]}" | bc -l)"
done
printf '   both rounds: console %s pages/s on average, ratio to the API %.3f\n' "$(((CONSOLE[1] + CONSOLE[2]) / 2))" \
  "$(echo "(${CONSOLE[1]} + ${CONSOLE[2]}) / (${API[1]} + ${API[2]})" | bc -l)"
echo "2. first load of the console's ticket list: $TOTAL bytes in all (the page $PAGE bytes; assets: $ASSETS)"
