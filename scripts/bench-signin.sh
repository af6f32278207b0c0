#!/usr/bin/env bash
# Sign-in and allowlist benchmark (a program to run and report, not a test), against a release build of `haven serve`
# with the production password hash (scrypt N=2^15, r=8, p=1):
#   1. sign-in latency, 40 one after another over HTTPS (p50, p90);
#   2. 50 sign-ins at once: how long, how many refused as busy, the server's RSS before and at the peak;
#   3. API throughput (GET /api/v2/agents/me, wrk over kept-alive HTTPS) with no allowlist and with one of 1,000
#      CIDR blocks (the client's address last), alternating none, 1,000, none, 1,000 in one run; the ratio is
#      1,000 / none.
#
#   scripts/bench-signin.sh [seconds-per-run (default 10)] [connections (default 32)]
#
# Needs wrk, curl and python3. HAVEN_BIN names a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
PORT="${BENCH_PORT:-18291}"
TLS_PORT="${BENCH_TLS_PORT:-18292}"
command -v wrk >/dev/null || { echo "bench-signin: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
PID=""
DATA=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=bench/start-server.sh
. scripts/bench/start-server.sh
echo "Sign-in benchmark: $(nproc) cores, release build"
LINK="$(HAVEN_HTTPS_PORT="$TLS_PORT" "$BIN" agent invite --data-dir "$DATA" --tenant demo --email bench@demo.example \
  --name "Bench Agent" | python3 -c 'import json, sys; print(json.load(sys.stdin)["link"])')"
python3 scripts/bench/signin.py "$LINK" "$DATA/tls/ca.pem" "$PID" bench@demo.example

echo "3. API throughput with an allowlist of 1,000 CIDR blocks (GET /api/v2/agents/me, $CONNECTIONS connections, ${DURATION}s runs)"
python3 - "$DATA/cidrs.txt" <<'PY'
import random, sys
random.seed(7)
blocks = {f"10.{random.randrange(256)}.{random.randrange(256)}.0/24" for _ in range(5000)}
lines = sorted(blocks)[:999] + ["127.0.0.1/32"]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
: >"$DATA/empty.txt"
rate() {
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$AUTH" -H "Host: localhost:$TLS_PORT" "https://127.0.0.1:$TLS_PORT/api/v2/agents/me" |
    awk '/Requests\/sec/ {printf "%.0f", $2}'
}
allowlist() { # file -> (the policy cache lives 2 s: wait it out)
  "$BIN" tenant allowlist set demo --data-dir "$DATA" --scope api --file "$1" >/dev/null
  sleep 2.5
}
declare -a NONE WITH
for round in 1 2; do
  allowlist "$DATA/empty.txt"
  NONE[round]="$(rate)"
  allowlist "$DATA/cidrs.txt"
  WITH[round]="$(rate)"
  printf '   round %d: none %s req/s, 1,000 CIDRs %s req/s, ratio %.3f\n' "$round" "${NONE[round]}" "${WITH[round]}" \
    "$(echo "${WITH[round]} / ${NONE[round]}" | bc -l)"
done
printf '   both rounds: ratio %.3f\n' "$(echo "(${WITH[1]} + ${WITH[2]}) / (${NONE[1]} + ${NONE[2]})" | bc -l)"
