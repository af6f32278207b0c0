# Sourced by the benchmark scripts: builds Haven in release mode unless HAVEN_BIN names a binary, starts
# `haven serve` on a fresh data directory with the environment given in $SERVE_ENV (words like NAME=value), and sets
# BIN, DATA, LOG, PID, KEY and AUTH (the Authorization header of the first tenant's admin key). The caller's EXIT
# trap must stop $PID and remove $DATA.
if [ -z "${HAVEN_BIN:-}" ]; then
  swift build -c release --product haven >/dev/null 2>&1
  BIN="$(swift build -c release --show-bin-path)/haven"
else
  BIN="$HAVEN_BIN"
fi
DATA="$(mktemp -d)"
LOG="$DATA/serve.log"
# shellcheck disable=SC2086
env HAVEN_RATE_LIMIT_PER_MINUTE=100000000 ${SERVE_ENV:-} "$BIN" serve --data-dir "$DATA" --http-port "$PORT" \
  --https-port "$TLS_PORT" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 200); do grep -q "Haven is serving" "$LOG" && break; sleep 0.1; done
KEY="$(grep -o 'shown once): [A-Za-z0-9]*' "$LOG" | awk '{print $3}')"
if [ -z "$KEY" ]; then
  echo "bench: server did not start" >&2
  cat "$LOG" >&2
  kill "$PID" 2>/dev/null
  exit 1
fi
AUTH="Authorization: Basic $(printf '%s:X' "$KEY" | base64 -w0)"
