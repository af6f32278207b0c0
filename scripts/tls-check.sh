#!/usr/bin/env bash
# Copied from shared/tools/tls-check.sh so CI does not depend on files outside the repository.
# Assert a TLS endpoint refuses TLS 1.0/1.1 and accepts TLS 1.2/1.3, using testssl.sh and/or sslyze.
# Usage: tls-check.sh HOST:PORT [IP] [testssl|sslyze|both]   e.g. tls-check.sh support.acme.com:443
#        tls-check.sh alpn.acme.test:5001 127.0.0.1 both     (SNI = host part, connects to IP)
# Exit 0 = policy met, 1 = policy violated, 2 = tool error. Writes JSON reports to $OUT (default .)
# Needs: testssl.sh and jq (Debian packages `testssl.sh jq`), sslyze (PyPI `sslyze`; set SSLYZE=/path/to/sslyze
# if it lives in a virtual environment). Install them once, e.g.:
#   apt-get install -y testssl.sh jq && python3 -m pip install sslyze
set -uo pipefail
TARGET="$1"; IP="${2:-}"; TOOL="${3:-both}"; OUT="${OUT:-.}"
HOST="${TARGET%:*}"; PORT="${TARGET##*:}"
SSLYZE="${SSLYZE:-sslyze}"
rc=0

if [ "$TOOL" = testssl ] || [ "$TOOL" = both ]; then
  J="$OUT/testssl-$HOST-$PORT.json"; rm -f "$J"
  args=(--quiet --color 0 --warnings off --protocols --jsonfile "$J")
  [ -n "$IP" ] && args+=(--ip "$IP")
  testssl "${args[@]}" "https://$HOST:$PORT" >/dev/null 2>&1
  if [ ! -s "$J" ]; then echo "testssl: no JSON produced"; exit 2; fi
  # testssl 3.0.x ids: SSLv2 SSLv3 TLS1 TLS1_1 TLS1_2 TLS1_3 ; finding starts with "offered" / "not offered"
  v=$(jq -r '[.[] | select(.id|test("^(SSLv2|SSLv3|TLS1|TLS1_1)$")) | select(.finding|startswith("offered"))] | map(.id) | join(",")' "$J")
  a=$(jq -r '[.[] | select(.id|test("^(TLS1_2|TLS1_3)$")) | select(.finding|startswith("offered"))] | length' "$J")
  echo "testssl: legacy offered=[${v}] modern offered=${a}/2"
  { [ -n "$v" ] || [ "$a" != 2 ]; } && rc=1
fi

if [ "$TOOL" = sslyze ] || [ "$TOOL" = both ]; then
  J="$OUT/sslyze-$HOST-$PORT.json"; rm -f "$J"
  t="$HOST:$PORT"; [ -n "$IP" ] && t="$HOST:$PORT{$IP}"
  "$SSLYZE" --sslv2 --sslv3 --tlsv1 --tlsv1_1 --tlsv1_2 --tlsv1_3 --mozilla_config disable --quiet --json_out "$J" "$t" >/dev/null 2>&1
  if [ ! -s "$J" ]; then echo "sslyze: no JSON produced"; exit 2; fi
  res=$(jq -r '.server_scan_results[0] | if .scan_status != "COMPLETED" then "ERROR:" + (.connectivity_error_trace // .scan_status)
        else [ "ssl_2_0_cipher_suites","ssl_3_0_cipher_suites","tls_1_0_cipher_suites","tls_1_1_cipher_suites","tls_1_2_cipher_suites","tls_1_3_cipher_suites"
             ] as $k | .scan_result as $r | [$k[] | "\(.)=\($r[.].result.accepted_cipher_suites | length)"] | join(" ") end' "$J")
  echo "sslyze: $res"
  case "$res" in ERROR:*) exit 2;; esac
  echo "$res" | grep -Eq '(ssl_2_0|ssl_3_0|tls_1_0|tls_1_1)_cipher_suites=[1-9]' && rc=1
  echo "$res" | grep -Eq 'tls_1_2_cipher_suites=0|tls_1_3_cipher_suites=0' && rc=1
fi
[ $rc = 0 ] && echo "PASS: only TLS 1.2/1.3" || echo "FAIL: TLS policy violated"
exit $rc
