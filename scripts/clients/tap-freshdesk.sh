#!/usr/bin/env bash
# A full sync of every tap-freshdesk stream against a live Haven: the tap (Singer, from PyPI) discovers its
# catalog, every stream is selected, and the sync must finish without an error and emit records for each stream
# Haven has data for. Exit 0 when it does.
#
# Needs python3 with venv and PyPI access, and the debug build (swift build).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
BIN="$(swift build --show-bin-path)/haven"
WORK="$(mktemp -d)"
VENV="${TAP_VENV:-/tmp/haven-tap-freshdesk-venv}"
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q tap-freshdesk==1.0.1; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP_PORT="$(port)"
HTTPS_PORT="$(port)"
HAVEN_RATE_LIMIT_PER_MINUTE=100000000 "$BIN" serve --data-dir "$WORK/data" --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" \
    >"$WORK/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 200); do grep -q "Haven is serving" "$WORK/serve.log" && break; sleep 0.1; done
KEY="$(grep -o 'shown once): [A-Za-z0-9]*' "$WORK/serve.log" | awk '{print $3}')"
[ -n "$KEY" ] || { echo "tap-freshdesk: Haven did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
BASE="https://localhost:$HTTPS_PORT/api/v2"
call() { curl -sf --cacert "$WORK/data/tls/ca.pem" -u "$KEY:X" -H "Content-Type: application/json" "$@"; }

# Something in every stream: a company, contacts, a group, tickets with a reply, a note and time entries.
call -d '{"name":"Tap Corp"}' "$BASE/companies" >/dev/null
call -d '{"name":"Tier 1"}' "$BASE/groups" >/dev/null
for n in 1 2 3; do
    ticket="$(call -d "{\"subject\":\"Tap ticket $n\",\"description\":\"Body $n\",\"email\":\"tap$n@example.com\",\"priority\":2}" \
        "$BASE/tickets" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
    call -d '{"body":"A reply"}' "$BASE/tickets/$ticket/reply" >/dev/null
    call -d '{"body":"A note"}' "$BASE/tickets/$ticket/notes" >/dev/null
    call -d '{"time_spent":"00:30","note":"Looked into it"}' "$BASE/tickets/$ticket/time_entries" >/dev/null
done

cat >"$WORK/config.json" <<JSON
{"api_key": "$KEY", "domain": "demo", "start_date": "2020-01-01T00:00:00Z", "user_agent": "haven-ci", "base_url": "$BASE"}
JSON
export REQUESTS_CA_BUNDLE="$WORK/data/tls/ca.pem"
"$VENV/bin/python" "$ROOT/scripts/clients/tap-freshdesk.py" --config "$WORK/config.json" --discover >"$WORK/catalog.json"
python3 - "$WORK/catalog.json" <<'PY'
import json, sys
path = sys.argv[1]
catalog = json.load(open(path))
for stream in catalog["streams"]:
    for entry in stream["metadata"]:
        if entry["breadcrumb"] == []:
            entry["metadata"]["selected"] = True
json.dump(catalog, open(path, "w"))
print("streams:", " ".join(sorted(s["tap_stream_id"] for s in catalog["streams"])))
PY
"$VENV/bin/python" "$ROOT/scripts/clients/tap-freshdesk.py" --config "$WORK/config.json" --catalog "$WORK/catalog.json" \
    >"$WORK/records.jsonl" 2>"$WORK/tap.log" || { echo "tap-freshdesk: the sync failed" >&2; tail -30 "$WORK/tap.log" >&2; exit 1; }
python3 - "$WORK/records.jsonl" <<'PY'
import collections, json, sys
counts = collections.Counter()
for line in open(sys.argv[1]):
    message = json.loads(line)
    if message.get("type") == "RECORD":
        counts[message["stream"]] += 1
print("records per stream:", dict(sorted(counts.items())))
# No survey is answered in this run, so satisfaction ratings are an empty stream; every other stream has data.
expected = {"agents", "companies", "contacts", "conversations", "groups", "roles", "tickets", "time_entries"}
missing = expected - set(counts)
if missing:
    sys.exit(f"tap-freshdesk: no records for {sorted(missing)}")
print("tap-freshdesk: a full sync of every stream completed")
PY
