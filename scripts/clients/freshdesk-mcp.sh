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
VENV="${MCP_VENV:-/tmp/haven-freshdesk-mcp-venv}"
[ -x "$VENV/bin/freshdesk-mcp" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q freshdesk-mcp==1.2.0 "mcp[cli]==1.9.4" "pydantic==2.11.7"; }
NAME=freshdesk-mcp
PID=""
WORK=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
# shellcheck source=serve-as-freshdesk.sh
. scripts/clients/serve-as-freshdesk.sh
export FRESHDESK_DOMAIN=demo.freshdesk.com FRESHDESK_API_KEY="$KEY"
"$VENV/bin/python" "$ROOT/scripts/clients/freshdesk-mcp-tools.py" "$VENV/bin/python" "$ROOT" "$SEEDED"
