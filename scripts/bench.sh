#!/usr/bin/env bash
# Haven API benchmark (a program to run and report, not a test). Loads 10,000 tickets from 500 distinct requesters
# into one tenant through the API, then measures requests/s with wrk over kept-alive HTTPS connections on the same
# machine: ticket view, list of 100 (with and without updated_since), search (priority AND status) and create, next
# to /healthz (no authentication, no database) as the ceiling of the same server.
# Optionally (BENCH_RSS_TICKETS=100000) tops the tenant up to that many tickets and prints the server's RSS.
#
#   scripts/bench.sh [seconds-per-run (default 10)] [connections (default 32)]
#
# Needs wrk (apt-get install wrk) and curl. Builds Haven in release mode unless HAVEN_BIN names a binary
# (scripts/bench-compare.sh runs a baseline that way). BENCH_API_ONLY=1 skips the TLS handshake figures.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
THREADS=1
PORT="${BENCH_PORT:-18181}"
TLS_PORT="${BENCH_TLS_PORT:-18182}"
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

PID=""
DATA=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
# shellcheck source=bench/start-server.sh
. scripts/bench/start-server.sh
BASE="https://localhost:$TLS_PORT"

run() { # name, script-or-empty, path [extra wrk args…]
  local name="$1" script="$2" path="$3" out
  shift 3
  if [ -n "$script" ]; then
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "$AUTH" "$@" -s "scripts/bench/$script" "$BASE$path")"
  else
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "$AUTH" "$@" "$BASE$path")"
  fi
  local rps errors
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  errors="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  printf '%-32s %10s req/s   latency %s   non-2xx %s\n' "$name" "$rps" "$(echo "$out" | awk '/Latency/ {print $2}')" "${errors:-0}"
  echo "$rps" >"$DATA/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_').rps"
}
rps_of() { cat "$DATA/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '_').rps"; }
ticket_count() {
  curl -sk -H "$AUTH" "$BASE/api/v2/search/tickets?query=%22status:2%22" | sed -E 's/^\{"total":([0-9]+).*/\1/'
}
top_up() { # to at least $1 tickets
  local count
  count="$(ticket_count)"
  while [ "$count" -lt "$1" ]; do
    wrk -t1 -c"$CONNECTIONS" -d5s -H "$AUTH" -s scripts/bench/create.lua "$BASE/api/v2/tickets" >/dev/null
    count="$(ticket_count)"
  done
  echo "$count"
}

echo "Haven benchmark: ${DURATION}s per run, $CONNECTIONS connections over kept-alive HTTPS, $(nproc) cores"
run "ceiling GET /healthz" "" "/healthz"
# Reads are measured on the same amount of data for every build (a faster create run would otherwise leave more
# tickets behind for the lists and search totals to walk): load 10,000 first, measure reads, create last.
COUNT="$(top_up 10000)"
echo "tickets in the tenant: $COUNT (from 500 requesters)"
export TICKETS="$COUNT"
run "view GET /tickets/{id}" view.lua "/api/v2/tickets/1"
run "list GET /tickets?per_page=100" list.lua "/api/v2/tickets"
run "list 100 updated_since" list-since.lua "/api/v2/tickets"
run "search GET /search/tickets" search.lua "/api/v2/search/tickets"
# The knowledge base and canned responses lists (issue 18's aim: listing 100 of them at least as fast as 100 tickets).
post() { curl -sfk -H "$AUTH" -H "Content-Type: application/json" -d "$2" "$BASE/api/v2$1"; }
KB_CATEGORY="$(post /solutions/categories '{"name": "Bench guides"}' | sed -E 's/.*"id":([0-9]+).*/\1/')"
KB_FOLDER="$(post "/solutions/categories/$KB_CATEGORY/folders" '{"name": "Bench", "visibility": 1}' | sed -E 's/.*"id":([0-9]+).*/\1/')"
CANNED_FOLDER="$(post /canned_response_folders '{"name": "Bench replies"}' | sed -E 's/.*"id":([0-9]+).*/\1/')"
for n in $(seq 1 100); do
  post "/solutions/folders/$KB_FOLDER/articles" \
    "{\"title\": \"Bench article $n\", \"description\": \"<p>How to do thing $n: open the menu, choose item $n, save.</p>\", \"status\": 2}" >/dev/null
  post /canned_responses \
    "{\"title\": \"Bench reply $n\", \"content_html\": \"<p>Hello {{ticket.requester.name}}, about step $n.</p>\", \"folder_id\": $CANNED_FOLDER}" >/dev/null
done
run "list 100 solution articles" "" "/api/v2/solutions/folders/$KB_FOLDER/articles?per_page=100"
run "list 100 canned responses" "" "/api/v2/canned_response_folders/$CANNED_FOLDER/responses"
run "create POST /tickets" create.lua "/api/v2/tickets"
CEILING="$(rps_of "ceiling GET /healthz")"
LIST="$(rps_of "list GET /tickets?per_page=100")"
for name in "list 100 solution articles" "list 100 canned responses"; do
  awk -v n="$name" -v r="$(rps_of "$name")" -v l="$LIST" 'BEGIN { printf "%-32s %.2f × the list of 100 tickets\n", n, r / l }'
done
for name in "create POST /tickets" "view GET /tickets/{id}" "list GET /tickets?per_page=100" "list 100 updated_since" \
  "search GET /search/tickets"; do
  awk -v n="$name" -v r="$(rps_of "$name")" -v c="$CEILING" 'BEGIN { printf "%-32s %.3f of the ceiling\n", n, r / c }'
done

if [ -n "${BENCH_RSS_TICKETS:-}" ]; then
  COUNT="$(top_up "$BENCH_RSS_TICKETS")"
  run "view after top-up" view.lua "/api/v2/tickets/1" >/dev/null
  echo "RSS of haven serve with $COUNT tickets: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$PID/status")"
fi

[ "${BENCH_API_ONLY:-0}" = 1 ] && exit 0

echo
echo "TLS handshakes: one request per connection (each a new TLS handshake) vs plain HTTP on the same server"
run "https new conn /healthz" "" "/healthz" -H "Connection: close"
out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "Connection: close" "http://127.0.0.1:$PORT/healthz")"
plain="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
awk -v t="$(rps_of "https new conn /healthz")" -v p="$plain" \
  'BEGIN { printf "new TLS handshakes/s: %s; / new plain connections (308 redirects): %.3f\n", t, t / p }'
