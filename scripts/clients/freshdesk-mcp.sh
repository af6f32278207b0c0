#!/usr/bin/env bash
# The freshdesk-mcp server (effytech's, freshdesk-mcp on PyPI, unmodified) — the tools AI agents use on a helpdesk —
# against a live Haven: every one of its tools is called over MCP with real arguments (freshdesk-mcp-tools.py) and
# must succeed. The server builds its URLs as https://$FRESHDESK_DOMAIN/api/v2/…, so Haven serves tenant `demo`
# under the base domain freshdesk.com and the name is resolved to it (resolve-to-haven.py).
#
# Needs python3 with venv and PyPI access, and the debug build (swift build).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
BIN="$(swift build --show-bin-path)/haven"
WORK="$(mktemp -d)"
VENV="${MCP_VENV:-/tmp/haven-freshdesk-mcp-venv}"
[ -x "$VENV/bin/freshdesk-mcp" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q freshdesk-mcp==1.2.0 "mcp[cli]==1.9.4" "pydantic==2.11.7"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP_PORT="$(port)"
HTTPS_PORT="$(port)"
HAVEN_RATE_LIMIT_PER_MINUTE=100000000 "$BIN" serve --data-dir "$WORK/data" --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" \
    --base-domain freshdesk.com >"$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 200); do grep -q "Haven is serving" "$WORK/serve.log" && break; sleep 0.1; done
KEY="$(grep -o 'shown once): [A-Za-z0-9]*' "$WORK/serve.log" | awk '{print $3}')"
[ -n "$KEY" ] || { echo "freshdesk-mcp: Haven did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
export HAVEN_HOST=demo.freshdesk.com HAVEN_PORT="$HTTPS_PORT" HAVEN_CA="$WORK/data/tls/ca.pem"
export FRESHDESK_DOMAIN=demo.freshdesk.com FRESHDESK_API_KEY="$KEY"
SEEDED="$(python3 - "$ROOT" "$KEY" "$WORK/data/tls/ca.pem" <<'PY'
import runpy, sys
root, key, ca = sys.argv[1:4]
exec(open(root + "/scripts/clients/resolve-to-haven.py").read().split('if __name__ == "__main__":')[0])
sys.argv = ["seed-haven.py", "https://demo.freshdesk.com/api/v2", key, ca]
runpy.run_path(root + "/scripts/clients/seed-haven.py", run_name="__main__")
PY
)"
"$VENV/bin/python" "$ROOT/scripts/clients/freshdesk-mcp-tools.py" "$VENV/bin/python" "$ROOT" "$SEEDED"
