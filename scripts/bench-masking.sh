#!/usr/bin/env bash
# Card-number masking benchmark (a program to run and report, not a test): ticket create with a card number in every
# description, the tenant's masking switch on vs off in the same run (alternating on, off, on, off; `haven tenant
# card-masking` flips it while the server runs, taking effect within the policy cache's 2 s), wrk over kept-alive
# HTTPS on this machine. The aim: masking costs under 5 % of create throughput.
#
#   scripts/bench-masking.sh [seconds-per-run (default 10)] [connections (default 32)]
#
# Needs wrk and curl. HAVEN_BIN names a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-18481}"
TLS_PORT="${BENCH_TLS_PORT:-18482}"
command -v wrk >/dev/null || { echo "bench-masking: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
PID=""
DATA=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=bench/start-server.sh
. scripts/bench/start-server.sh
BASE="https://localhost:$TLS_PORT"
rate() {
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "$AUTH" -s scripts/bench/create-card.lua "$BASE/api/v2/tickets" |
    awk '/Requests\/sec/ {printf "%.0f", $2} /Non-2xx/ {print " (non-2xx: " $4 ")" > "/dev/stderr"}'
}
switch() {
  "$BIN" tenant card-masking demo "$1" --data-dir "$DATA" >/dev/null
  sleep 3
}
echo "Card masking benchmark: $(nproc) cores, release build, ${DURATION}s runs, $CONNECTIONS connections"
# Warm up (and give both sides the same starting table size).
wrk -t1 -c"$CONNECTIONS" -d3s -H "$AUTH" -s scripts/bench/create-card.lua "$BASE/api/v2/tickets" >/dev/null
newest() { # the description of the newest ticket: shows which way the switch stood
  curl -s --cacert "$DATA/tls/ca.pem" --resolve "localhost:$TLS_PORT:127.0.0.1" -H "$AUTH" \
    "$BASE/api/v2/tickets?order_by=created_at&order_type=desc&per_page=1&include=description" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["description"])'
}
ON1="$(rate)"; switch off; OFF1="$(rate)"; switch on; ON2="$(rate)"; SAMPLE_ON="$(newest)"
switch off; OFF2="$(rate)"; SAMPLE_OFF="$(newest)"; switch on
python3 - "$ON1" "$OFF1" "$ON2" "$OFF2" "$SAMPLE_ON" "$SAMPLE_OFF" <<'PY'
import sys
on1, off1, on2, off2 = map(float, sys.argv[1:5])
on, off = (on1 + on2) / 2, (off1 + off2) / 2
print(f"   masking on:  {on1:.0f} and {on2:.0f} creates/s (mean {on:.0f})")
print(f"   masking off: {off1:.0f} and {off2:.0f} creates/s (mean {off:.0f})")
print(f"   cost of masking: {(off - on) / off * 100:+.1f} % of create throughput (aim: under 5 %)")
print(f"   stored with masking on:  {sys.argv[5]}")
print(f"   stored with masking off: {sys.argv[6]}")
PY
