#!/usr/bin/env bash
# Fuzzes a live Haven against its own OpenAPI description (GET /api/v2/openapi.json) with schemathesis: thousands
# of generated requests to every route, valid and invalid, checking that none answers 5xx and that every answer
# has a documented status, content type and body shape. Exit 0 when all hold.
#
#   scripts/api-fuzz.sh [max-examples-per-operation (default 25)]
#
# Needs schemathesis (python3 -m pip install schemathesis) and the debug build (swift build).
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES="${1:-25}"
command -v schemathesis >/dev/null || { echo "api-fuzz: schemathesis is not installed (python3 -m pip install schemathesis)" >&2; exit 2; }
BIN="$(swift build --show-bin-path)/haven"
DATA="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
TLS_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
HAVEN_RATE_LIMIT_PER_MINUTE=100000000 "$BIN" serve --data-dir "$DATA" --http-port "$PORT" --https-port "$TLS_PORT" \
    --http-api-on-loopback >"$DATA/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 200); do grep -q "Plain HTTP on" "$DATA/serve.log" && break; sleep 0.1; done
KEY="$(grep -o 'shown once): [A-Za-z0-9]*' "$DATA/serve.log" | awk '{print $3}')"
[ -n "$KEY" ] || { echo "api-fuzz: Haven did not start" >&2; cat "$DATA/serve.log" >&2; exit 1; }
curl -sf -u "$KEY:X" "http://127.0.0.1:$PORT/api/v2/openapi.json" >"$DATA/openapi.json"
# The coverage phase is left out: schemathesis 4.x fails inside hypothesis on some schemas (an AST recursion
# check), which says nothing about Haven. Examples and fuzzing run in full.
schemathesis run "$DATA/openapi.json" --url "http://127.0.0.1:$PORT/api/v2" --auth "$KEY:X" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,fuzzing --max-examples "$EXAMPLES" --seed 20261202 --workers 2 --no-color --warnings off
if grep -Eq ' (error|critical) haven:' "$DATA/serve.log"; then
    echo "api-fuzz: Haven logged errors during the run:" >&2
    grep -E ' (error|critical) haven:' "$DATA/serve.log" | head -20 >&2
    exit 1
fi
echo "api-fuzz: no 5xx, every answer as documented"
