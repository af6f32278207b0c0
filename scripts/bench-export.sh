#!/usr/bin/env bash
# Ticket export benchmark (a program to run and report, not a test): fills a fresh release server with N tickets
# (default 100,000) over the API, then exports them all to CSV with every field, three ways in one run — the API's
# background job (request to completed), its download (streamed from the sealed chunks), and `haven export` straight
# to a file — and reports the time of each with the server's and the command's peak memory beside the file's size:
# the aim is under 60 s with memory that does not grow with the export (it is streamed, never built whole).
#
#   scripts/bench-export.sh [tickets (default 100000)]
#
# Needs wrk, curl and GNU time. HAVEN_BIN names a binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
TICKETS="${1:-100000}"
PORT="${BENCH_PORT:-18491}"
TLS_PORT="${BENCH_TLS_PORT:-18492}"
for tool in wrk curl /usr/bin/time; do command -v "$tool" >/dev/null || { echo "bench-export: $tool is not installed" >&2; exit 2; }; done
PID=""
DATA=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=bench/start-server.sh
. scripts/bench/start-server.sh
BASE="https://localhost:$TLS_PORT"
call() { curl -s --cacert "$DATA/tls/ca.pem" --resolve "localhost:$TLS_PORT:127.0.0.1" -H "$AUTH" "$@"; }
count() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM tickets").fetchone()[0])' "$DATA/haven.sqlite"; }
peak() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$PID/status"; }
echo "Ticket export benchmark: $(nproc) cores, release build, $TICKETS tickets"
start=$(date +%s)
while [ "$(count)" -lt "$TICKETS" ]; do
  wrk -t1 -c32 -d10s -H "$AUTH" -s scripts/bench/create.lua "$BASE/api/v2/tickets" >/dev/null
done
echo "   filled: $(count) tickets in $(($(date +%s) - start)) s; server peak memory so far $(peak) MiB"
FIELDS='["id","subject","description","status","priority","source","type","requester_id","requester_name","requester_email","responder_id","group_id","company_id","tags","due_by","created_at","updated_at"]'
before_peak=$(peak)
t0=$(date +%s.%N)
ID="$(call -X POST -H 'Content-Type: application/json' -d "{\"fields\":$FIELDS}" "$BASE/api/v2/tickets/export" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
while true; do
  STATUS="$(call "$BASE/api/v2/tickets/export/$ID" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["status"], d.get("rows", ""))')"
  case "$STATUS" in completed*|failed*) break ;; esac
  sleep 0.2
done
t1=$(date +%s.%N)
job_peak=$(peak)
call -o "$DATA/api.csv" "$BASE/api/v2/tickets/export/$ID/download"
t2=$(date +%s.%N)
download_peak=$(peak)
SIZE=$(stat -c %s "$DATA/api.csv")
LINES=$(($(wc -l <"$DATA/api.csv") - 1))
/usr/bin/time -f '%e %M' -o "$DATA/cli.time" env HAVEN_API_KEY="$KEY" "$BIN" export tickets --data-dir "$DATA" --tenant demo \
  --output "$DATA/cli.csv" >/dev/null 2>"$DATA/cli.err"
read -r CLI_SECONDS CLI_KB <"$DATA/cli.time"
python3 - "$STATUS" "$t0" "$t1" "$t2" "$SIZE" "$LINES" "$before_peak" "$job_peak" "$download_peak" "$CLI_SECONDS" "$CLI_KB" \
  "$(stat -c %s "$DATA/cli.csv")" <<'PY'
import sys
status, t0, t1, t2 = sys.argv[1], *map(float, sys.argv[2:5])
size, lines, before, job, download = map(int, sys.argv[5:10])
cli_seconds, cli_kb, cli_size = float(sys.argv[10]), int(sys.argv[11]), int(sys.argv[12])
mib = size / 1048576
print(f"   job: {status}; {lines} rows, {mib:.1f} MiB of CSV in {t1 - t0:.1f} s ({lines / (t1 - t0):.0f} rows/s)")
print(f"   download: {t2 - t1:.1f} s ({mib / (t2 - t1):.0f} MiB/s)")
print(f"   haven export (CLI): {cli_seconds:.1f} s, {cli_size / 1048576:.1f} MiB, peak memory {cli_kb / 1024:.0f} MiB")
print(f"   server peak memory: {before} MiB before, {job} MiB after the job, {download} MiB after the download"
      f" (growth {download - before} MiB for a {mib:.0f} MiB file)")
print(f"   aim: under 60 s -> job {'met' if t1 - t0 < 60 else 'NOT met'}, CLI {'met' if cli_seconds < 60 else 'NOT met'}")
PY
