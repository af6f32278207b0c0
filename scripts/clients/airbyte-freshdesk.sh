#!/usr/bin/env bash
# Airbyte's Freshdesk source (airbyte-source-freshdesk from PyPI, unmodified) reads every one of its streams from a
# live Haven: discover, then a full read of the whole catalog. The connector only takes `*.freshdesk.com` domains on
# port 443, so Haven serves tenant `demo` under the base domain freshdesk.com and the name is resolved to it
# (resolve-to-haven.py) — TLS, Host and every request stay the connector's. Exit 0 when the read finishes without an
# error and every stream Haven has seeded data for emitted records.
#
# Needs CPython 3.9 or 3.10 (the connector's Airbyte CDK 0.x does not import on 3.11: a dataclass default that 3.11
# refuses), PyPI access, and the debug build (swift build). Without such a Python it says so and skips.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
VENV="${AIRBYTE_VENV:-/tmp/haven-airbyte-freshdesk-venv}"
if [ ! -x "$VENV/bin/source-freshdesk" ]; then
    PYTHON=""
    for candidate in python3.10 python3.9 /root/.pyenv/versions/3.10.*/bin/python3 /root/.pyenv/versions/3.9.*/bin/python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv; assert sys.version_info[:2] in ((3, 9), (3, 10))' 2>/dev/null; then
            PYTHON="$candidate"
            break
        fi
    done
    if [ -z "$PYTHON" ]; then
        echo "airbyte-freshdesk: SKIPPED — no CPython 3.9 or 3.10 on this machine (airbyte-source-freshdesk 3.1.3 needs one)"
        exit 0
    fi
    "$PYTHON" -m venv "$VENV" && "$VENV/bin/pip" install -q airbyte-source-freshdesk==3.1.3 airbyte-cdk==0.72.2
fi
NAME=airbyte-freshdesk
PID=""
WORK=""
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
# shellcheck source=serve-as-freshdesk.sh
. scripts/clients/serve-as-freshdesk.sh
echo "seeded: $SEEDED"
cat >"$WORK/config.json" <<JSON
{"api_key": "$KEY", "domain": "demo.freshdesk.com", "start_date": "2020-01-01T00:00:00Z"}
JSON
export REQUESTS_CA_BUNDLE="$HAVEN_CA"
run() { "$VENV/bin/python" "$ROOT/scripts/clients/resolve-to-haven.py" source_freshdesk.run:run "$@"; }
run check --config "$WORK/config.json" | tee "$WORK/check.jsonl" | grep -q '"status": *"SUCCEEDED"' \
    || { echo "airbyte-freshdesk: check failed" >&2; cat "$WORK/check.jsonl" >&2; exit 1; }
run discover --config "$WORK/config.json" >"$WORK/discover.jsonl"
python3 - "$WORK/discover.jsonl" "$WORK/catalog.json" <<'PY'
import json, sys
catalog = next(json.loads(l)["catalog"] for l in open(sys.argv[1]) if l.startswith("{") and json.loads(l).get("type") == "CATALOG")
streams = []
for stream in catalog["streams"]:
    modes = stream.get("supported_sync_modes", ["full_refresh"])
    mode = "full_refresh" if "full_refresh" in modes else modes[0]
    streams.append({"stream": stream, "sync_mode": mode, "destination_sync_mode": "overwrite"})
json.dump({"streams": streams}, open(sys.argv[2], "w"))
print("streams:", len(streams), " ".join(sorted(s["stream"]["name"] for s in streams)))
PY
run read --config "$WORK/config.json" --catalog "$WORK/catalog.json" >"$WORK/read.jsonl" 2>"$WORK/read.log" \
    || { echo "airbyte-freshdesk: the read failed" >&2; { tail -n 30 "$WORK/read.jsonl"; tail -n 30 "$WORK/read.log"; } >&2; exit 1; }
python3 - "$WORK/read.jsonl" "$WORK/catalog.json" <<'PY'
import collections, json, sys
counts, errors, statuses = collections.Counter(), [], {}
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    message = json.loads(line)
    kind = message.get("type")
    if kind == "RECORD":
        counts[message["record"]["stream"]] += 1
    elif kind == "TRACE":
        trace = message["trace"]
        if trace.get("type") == "ERROR":
            errors.append(trace["error"].get("message", "") + " " + trace["error"].get("internal_message", "")[:300])
        if trace.get("type") == "STREAM_STATUS":
            status = trace["stream_status"]
            statuses[status["stream_descriptor"]["name"]] = status["status"]
    elif kind == "LOG" and message["log"]["level"] in ("ERROR", "FATAL"):
        errors.append(message["log"]["message"][:300])
names = [s["stream"]["name"] for s in json.load(open(sys.argv[2]))["streams"]]
print("records per stream:", dict(sorted(counts.items())))
incomplete = {name: statuses.get(name) for name in names if statuses.get(name) != "COMPLETE"}
# Haven has no products (Freshdesk's multi-brand feature): that stream reads, complete and empty.
empty = sorted(name for name in names if counts[name] == 0 and name != "products")
if errors:
    sys.exit("airbyte-freshdesk: errors:\n  " + "\n  ".join(errors))
if incomplete:
    sys.exit(f"airbyte-freshdesk: streams not complete: {incomplete}")
if empty:
    sys.exit(f"airbyte-freshdesk: no records for {empty}")
print(f"airbyte-freshdesk: all {len(names)} streams read completely, each with records (products: none in Haven)")
PY
