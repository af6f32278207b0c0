#!/usr/bin/env bash
# PostgreSQL against SQLite in one run (a program to run and report, not a test): the same release binary serves one
# tenant on SQLite, then on PostgreSQL 15 (one node), then on two nodes sharing that PostgreSQL; each time 10,000
# tickets are loaded through the API, then view, list of 100 and create are measured with wrk over kept-alive HTTPS.
# Prints each figure and PostgreSQL's as a share of SQLite's. Then `haven db copy` of a SQLite deployment of
# BENCH_COPY_TICKETS tickets (default 100,000): time and peak memory (BENCH_COPY_ONLY=1: only that).
#
#   scripts/bench-postgres.sh [seconds-per-run (default 10)] [connections (default 32)]
#
# Needs wrk, curl, PostgreSQL 15 (apt-get install wrk postgresql-15) and GNU time; runs PostgreSQL as the `postgres`
# user in a temporary cluster on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
COPY_TICKETS="${BENCH_COPY_TICKETS:-100000}"
PG_BIN=/usr/lib/postgresql/15/bin
for tool in wrk curl /usr/bin/time "$PG_BIN/initdb"; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk curl time postgresql-15)" >&2; exit 2; }
done
swift build -c release --product haven >/dev/null 2>&1
BIN="$(swift build -c release --show-bin-path)/haven"
WORK="$(mktemp -d)"
chmod 755 "$WORK"
cleanup() {
  stop_servers
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# PostgreSQL: a throwaway cluster, the three roles of docs/postgresql.md.
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust -E UTF8 >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200" \
  -l "$WORK/pg/log" start >/dev/null
psql() { runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -d "${2:-postgres}" -qAt -c "$1"; }
psql "CREATE ROLE haven_owner LOGIN; CREATE ROLE haven_app NOLOGIN; CREATE ROLE haven_node LOGIN IN ROLE haven_app;"
psql "CREATE DATABASE haven OWNER haven_owner"
OWNER_URL="postgres://haven_owner@127.0.0.1:$PG_PORT/haven"
NODE_URL="postgres://haven_node@127.0.0.1:$PG_PORT/haven"
"$BIN" migrate --database-url "$OWNER_URL" >/dev/null

# Servers record their PIDs in files: `serve` runs in a command substitution (a subshell).
stop_servers() {
  for file in "$WORK"/*.pid; do
    [ -e "$file" ] || continue
    kill "$(cat "$file")" 2>/dev/null || true
    while kill -0 "$(cat "$file")" 2>/dev/null; do sleep 0.1; done
    rm -f "$file"
  done
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() { # data-dir, log, extra environment…; prints the HTTPS port
  local data="$1" log="$2" http https
  shift 2
  http=$(free_port); https=$(free_port)
  env HAVEN_RATE_LIMIT_PER_MINUTE=100000000 HAVEN_METRICS_PORT=0 "$@" "$BIN" serve --data-dir "$data" --http-port "$http" \
    --https-port "$https" >"$log" 2>&1 </dev/null &
  echo $! >"$log.pid"
  for _ in $(seq 1 300); do grep -q "Haven is serving" "$log" && break; sleep 0.1; done
  grep -q "Haven is serving" "$log" || { echo "bench: server did not start" >&2; cat "$log" >&2; exit 1; }
  echo "$https"
}
key_of() { grep -o 'shown once): [A-Za-z0-9]*' "$1" | awk '{print $3}'; }
wrk_rps() { # script, url, connections
  wrk -t1 -c"$3" -d"${DURATION}s" -H "$AUTH" -s "scripts/bench/$1" "$2" | awk '/Requests\/sec/ {print $2}'
}
load() { # base URL: 10,000 tickets from 500 requesters
  local count=0
  while [ "$count" -lt 10000 ]; do
    wrk -t1 -c"$CONNECTIONS" -d5s -H "$AUTH" -s scripts/bench/create.lua "$1/api/v2/tickets" >/dev/null
    count="$(curl -sk -H "$AUTH" "$1/api/v2/search/tickets?query=%22status:2%22" | sed -E 's/^\{"total":([0-9]+).*/\1/')"
  done
  export TICKETS="$count"
}
measure() { # label, base URL…: view, list, create (each base gets an equal share of the connections, run at once)
  local label="$1" per
  shift
  per=$((CONNECTIONS / $#))
  for kind in view:view.lua:/api/v2/tickets/1 list:list.lua:/api/v2/tickets create:create.lua:/api/v2/tickets; do
    IFS=: read -r name script path <<<"$kind"
    local total=0 figures=()
    for base in "$@"; do wrk_rps "$script" "$base$path" "$per" >"$WORK/$name.$(echo "$base" | tr -c '0-9' '_')" & done
    wait
    for base in "$@"; do
      figures+=("$(cat "$WORK/$name.$(echo "$base" | tr -c '0-9' '_')")")
    done
    total=$(printf '%s\n' "${figures[@]}" | awk '{s += $1} END {printf "%.0f", s}')
    echo "$total" >"$WORK/result.$label.$name"
    printf '%-22s %-7s %10s req/s\n' "$label" "$name" "$total"
  done
}

if [ -z "${BENCH_COPY_ONLY:-}" ]; then
echo "Haven on PostgreSQL 15 against SQLite: ${DURATION}s per run, $CONNECTIONS connections over kept-alive HTTPS, $(nproc) cores"
# 1. SQLite.
mkdir "$WORK/sqlite"
PORT=$(serve "$WORK/sqlite" "$WORK/sqlite.log")
AUTH="Authorization: Basic $(printf '%s:X' "$(key_of "$WORK/sqlite.log")" | base64 -w0)"
load "https://localhost:$PORT"
measure sqlite "https://localhost:$PORT"
stop_servers

# 2. PostgreSQL, one node.
mkdir "$WORK/pgnode"
PORT=$(serve "$WORK/pgnode" "$WORK/pg1.log" HAVEN_DATABASE_URL="$NODE_URL")
AUTH="Authorization: Basic $(printf '%s:X' "$(key_of "$WORK/pg1.log")" | base64 -w0)"
load "https://localhost:$PORT"
# The planner's statistics as autovacuum leaves them within a minute of a load (measured at once, PostgreSQL would
# plan for the empty tables it last saw).
psql "ANALYZE" haven
measure postgres-1-node "https://localhost:$PORT"

# 3. PostgreSQL, a second node beside the first (same database and key directory).
PORT2=$(serve "$WORK/pgnode" "$WORK/pg2.log" HAVEN_DATABASE_URL="$NODE_URL")
measure postgres-2-nodes "https://localhost:$PORT" "https://localhost:$PORT2"
stop_servers

echo
for name in view list create; do
  awk -v n="$name" -v s="$(cat "$WORK/result.sqlite.$name")" -v p="$(cat "$WORK/result.postgres-1-node.$name")" \
    -v two="$(cat "$WORK/result.postgres-2-nodes.$name")" \
    'BEGIN {printf "%-7s PostgreSQL one node %5.0f%% of SQLite; two nodes %5.0f%% of SQLite\n", n, 100 * p / s, 100 * two / s}'
done

fi

# 4. haven db copy of a SQLite deployment with COPY_TICKETS tickets.
echo
mkdir "$WORK/copy"
PORT=$(serve "$WORK/copy" "$WORK/copy.log")
AUTH="Authorization: Basic $(printf '%s:X' "$(key_of "$WORK/copy.log")" | base64 -w0)"
COUNT=0
while [ "$COUNT" -lt "$COPY_TICKETS" ]; do
  wrk -t1 -c"$CONNECTIONS" -d10s -H "$AUTH" -s scripts/bench/create.lua "https://localhost:$PORT/api/v2/tickets" >/dev/null
  COUNT="$(curl -sk -H "$AUTH" "https://localhost:$PORT/api/v2/search/tickets?query=%22status:2%22" | sed -E 's/^\{"total":([0-9]+).*/\1/')"
done
stop_servers
psql "CREATE DATABASE haven_copy OWNER haven_owner"
"$BIN" migrate --database-url "postgres://haven_owner@127.0.0.1:$PG_PORT/haven_copy" >/dev/null
/usr/bin/time -f '%e %M' -o "$WORK/copy.time" "$BIN" db copy --data-dir "$WORK/copy" \
  --to "postgres://haven_node@127.0.0.1:$PG_PORT/haven_copy" >"$WORK/copy.json" 2>"$WORK/copy.err" || { tail -5 "$WORK/copy.err" >&2; exit 1; }
read -r SECONDS_TAKEN PEAK_KB <"$WORK/copy.time"
echo "haven db copy: $COUNT tickets ($(grep -o '"rows":[0-9]*' "$WORK/copy.json" | cut -d: -f2) rows) in ${SECONDS_TAKEN}s, peak RSS $((PEAK_KB / 1024)) MiB"
cat "$WORK/copy.json"
