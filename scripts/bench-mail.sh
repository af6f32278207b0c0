#!/usr/bin/env bash
# Mail benchmark (a program to run and report, not a test), against a release build of `haven serve`:
#   1. messages per second accepted directly over LMTP (a short text and a 10 KB attachment each, parsed, sealed
#      and audited like every ticket), several connections at once;
#   2. one 30 MB message (above the 25 MB limit): the answer, and Haven's peak memory around it (only the limit is
#      ever held, never the whole message).
#
#   scripts/bench-mail.sh [seconds (default 10)] [connections (default 8)]
#
# Needs python3. HAVEN_BIN names a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-8}"
PORT="${BENCH_PORT:-18491}"
TLS_PORT="${BENCH_TLS_PORT:-18492}"
LMTP_PORT="${BENCH_LMTP_PORT:-18493}"
PID=""
DATA=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
SERVE_ENV="HAVEN_LMTP_PORT=$LMTP_PORT HAVEN_MAIL_DOMAIN=bench.test"
# shellcheck source=bench/start-server.sh
. scripts/bench/start-server.sh
for _ in $(seq 1 100); do grep -q "over LMTP" "$LOG" && break; sleep 0.1; done
echo "Mail benchmark: $(nproc) cores, release build"
python3 scripts/bench/lmtp_burst.py "$LMTP_PORT" "$PID" "$DURATION" "$CONNECTIONS" demo@bench.test
