#!/usr/bin/env bash
# Starts Haven (debug build) on a fresh data directory and checks its HTTPS listener from outside:
# testssl.sh and sslyze (TLS 1.0/1.1 refused, 1.2 and 1.3 accepted), the cipher suites offered for TLS 1.2 (AEAD
# with ECDHE only), the unauthenticated API call over TLS 1.2 (401 invalid_credentials), and a TLS 1.0/1.1 client
# failing the handshake. Exit 0 when all hold.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="$(swift build --show-bin-path)/haven"
DATA="$(mktemp -d)"
HTTPS_PORT="${HTTPS_PORT:-$((20000 + RANDOM % 20000))}"
HTTP_PORT="${HTTP_PORT:-$((HTTPS_PORT + 1))}"
"$BIN" serve --data-dir "$DATA" --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" >"$DATA/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 200); do grep -q "Haven is serving" "$DATA/serve.log" && break; sleep 0.1; done
grep -q "Haven is serving" "$DATA/serve.log" || { echo "tls-policy-check: Haven did not start"; cat "$DATA/serve.log"; exit 1; }
rc=0

OUT="$DATA" scripts/tls-check.sh "localhost:$HTTPS_PORT" 127.0.0.1 both || rc=1

suites=$(jq -r '.server_scan_results[0].scan_result.tls_1_2_cipher_suites.result.accepted_cipher_suites[].cipher_suite.name' \
    "$DATA/sslyze-localhost-$HTTPS_PORT.json" 2>/dev/null)
echo "TLS 1.2 suites offered: $(echo "$suites" | tr '\n' ' ')"
if [ -z "$suites" ] || echo "$suites" | grep -Eqv '^TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$'; then
    echo "FAIL: a TLS 1.2 suite without ECDHE+AEAD is offered"; rc=1
fi

body=$(curl -s --cacert "$DATA/tls/ca.pem" --tlsv1.2 --tls-max 1.2 "https://localhost:$HTTPS_PORT/api/v2/tickets")
expected='{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}'
if [ "$body" = "$expected" ]; then echo "PASS: TLS 1.2 unauthenticated call answers $body"; else echo "FAIL: got $body"; rc=1; fi

if curl -s -k --tlsv1.0 --tls-max 1.1 "https://localhost:$HTTPS_PORT/api/v2/tickets" >/dev/null 2>&1; then
    echo "FAIL: a TLS 1.0/1.1 client completed a handshake"; rc=1
else
    echo "PASS: curl --tlsv1.0 --tls-max 1.1 fails the handshake"
fi
exit $rc
