#!/usr/bin/env bash
# The edge under attack (a program to run and report, not a test), against a release build of `haven serve`:
#   1. JSON parse time per key of a request body with 1,000 … 100,000 keys (limits raised for the run; the answer
#      is a 404 for a group that does not exist, so parsing is the work): flat when parsing is linear.
#   2. API throughput (ticket view, wrk over kept-alive HTTPS) without and with a storm of 2,000 idle plus 200
#      slowloris connections, alternating (calm, storm, calm, storm) in one run; the ratio is storm / calm.
#   3. RSS of the server before, at the peak of and after a storm of 8,000 idle connections.
#
#   scripts/bench-edge.sh [seconds-per-run (default 10)] [connections (default 32)]
#
# Needs wrk, curl and python3. HAVEN_BIN names a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-18191}"
TLS_PORT="${BENCH_TLS_PORT:-18192}"
command -v wrk >/dev/null || { echo "bench-edge: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
STORM=""
PID=""
DATA=""
trap 'kill $PID $STORM 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
SERVE_ENV="HAVEN_MAX_BODY_BYTES=8388608 HAVEN_JSON_MAX_KEYS=200000 HAVEN_JSON_MAX_VALUES=1000000"
# shellcheck source=bench/start-server.sh
. scripts/bench/start-server.sh
BASE="https://localhost:$TLS_PORT"
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status"; }

echo "Edge benchmark: $(nproc) cores, release build"
echo
echo "1. JSON body parse time per key (PUT /api/v2/groups/999999, best of 5 on one kept-alive connection)"
best_time() { # body file -> seconds (best of 5; the first request of the connection, with the handshake, is dropped)
  local urls=()
  for _ in 1 2 3 4 5 6; do urls+=("$BASE/api/v2/groups/999999"); done
  curl -sk -o /dev/null -X PUT -H "$AUTH" -H "Content-Type: application/json" --data-binary "@$1" \
    -w '%{time_total}\n' "${urls[@]}" | tail -n 5 | sort -g | head -1
}
echo '{}' >"$DATA/empty.json"
BASELINE="$(best_time "$DATA/empty.json")"
printf '%-10s %12s %14s %12s\n' keys "body bytes" "ns per key" "vs 1,000"
FIRST=""
for keys in 1000 10000 30000 100000; do
  python3 -c "import sys; n=int(sys.argv[1]); sys.stdout.write('{' + ','.join('\"key%d\":%d' % (i, i) for i in range(n)) + '}')" \
    "$keys" >"$DATA/body.json"
  seconds="$(best_time "$DATA/body.json")"
  per_key="$(awk -v t="$seconds" -v b="$BASELINE" -v n="$keys" 'BEGIN { printf "%.0f", (t - b) * 1e9 / n }')"
  [ -n "$FIRST" ] || FIRST="$per_key"
  printf '%-10s %12s %14s %12s\n' "$keys" "$(stat -c %s "$DATA/body.json")" "$per_key" \
    "$(awk -v a="$per_key" -v f="$FIRST" 'BEGIN { printf "%.2f", a / f }')"
done

echo
echo "2. Ticket view throughput, calm vs a storm of 2,000 idle + 200 slowloris connections (${DURATION}s runs)"
curl -sk -o /dev/null -H "$AUTH" -H "Content-Type: application/json" \
  -d '{"subject":"bench","description":"d","email":"bench@example.com","status":2,"priority":1}' "$BASE/api/v2/tickets"
view() { wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "$AUTH" "$BASE/api/v2/tickets/1" | awk '/Requests\/sec/ {print $2}'; }
calm_total=0
storm_total=0
for round in 1 2; do
  calm="$(view)"
  python3 scripts/bench/edge-storm.py "$TLS_PORT" 2000 200 $((DURATION + 8)) >"$DATA/storm.out" &
  STORM=$!
  sleep 6
  stormy="$(view)"
  wait "$STORM" || true
  STORM=""
  printf 'round %d: calm %10s req/s   storm %10s req/s   (%s)\n' "$round" "$calm" "$stormy" "$(cat "$DATA/storm.out")"
  calm_total="$(awk -v a="$calm_total" -v b="$calm" 'BEGIN { print a + b }')"
  storm_total="$(awk -v a="$storm_total" -v b="$stormy" 'BEGIN { print a + b }')"
  sleep 2
done
awk -v c="$calm_total" -v s="$storm_total" 'BEGIN { printf "storm / calm: %.3f\n", s / c }'

echo
echo "3. RSS around a storm of 8,000 idle connections (80 addresses)"
sleep 12
before="$(rss)"
python3 scripts/bench/edge-storm.py "$TLS_PORT" 8000 0 12 >"$DATA/storm.out" &
STORM=$!
peak=0
for _ in $(seq 1 24); do
  now="$(rss)"
  [ "$now" -gt "$peak" ] && peak="$now"
  sleep 0.5
done
wait "$STORM" || true
STORM=""
sleep 15
echo "RSS before ${before} MB, peak ${peak} MB, 15 s after ${after:-$(rss)} MB ($(cat "$DATA/storm.out"))"
grep "connections refused or ended early" "$LOG" | tail -1 || true
