# Sourced by the Freshdesk client scripts: starts `haven serve` (the debug build) on a fresh data directory with the
# base domain freshdesk.com, so tenant `demo` is demo.freshdesk.com — a name the clients accept — and seeds it with
# one or more of everything through the API (seed-haven.py). Sets WORK, PID, KEY, SEEDED (the seeded ids, JSON) and
# exports HAVEN_HOST, HAVEN_PORT and HAVEN_CA for resolve-to-haven.py. The caller's EXIT trap must stop $PID and
# remove $WORK; $NAME names the caller in messages.
BIN="$(swift build --show-bin-path)/haven"
WORK="$(mktemp -d)"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP_PORT="$(port)"
HTTPS_PORT="$(port)"
HAVEN_RATE_LIMIT_PER_MINUTE=100000000 "$BIN" serve --data-dir "$WORK/data" --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" \
    --base-domain freshdesk.com >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 200); do grep -q "Haven is serving" "$WORK/serve.log" && break; sleep 0.1; done
KEY="$(grep -o 'shown once): [A-Za-z0-9]*' "$WORK/serve.log" | awk '{print $3}')"
[ -n "$KEY" ] || { echo "$NAME: Haven did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
export HAVEN_HOST=demo.freshdesk.com HAVEN_PORT="$HTTPS_PORT" HAVEN_CA="$WORK/data/tls/ca.pem"
SEEDED="$(python3 - "$ROOT" "$KEY" "$HAVEN_CA" <<'PY'
import runpy, sys
root, key, ca = sys.argv[1:4]
exec(open(root + "/scripts/clients/resolve-to-haven.py").read().split('if __name__ == "__main__":')[0])
sys.argv = ["seed-haven.py", "https://demo.freshdesk.com/api/v2", key, ca]
runpy.run_path(root + "/scripts/clients/seed-haven.py", run_name="__main__")
PY
)"
