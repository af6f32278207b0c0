#!/usr/bin/env bash
# Encryption-at-rest cost: runs the API part of scripts/bench.sh against a pre-encryption build and the current
# build, alternating (pre, current, pre, current) so machine drift hits both, and prints each figure with the ratio
# current / pre-encryption. A program to run and report, not a test.
#
#   PRE_BIN=/path/to/haven-before-encryption scripts/bench-encryption.sh [seconds-per-run] [connections]
#
# Build PRE_BIN from the last commit before encryption at rest, e.g.:
#   git checkout --detach ef04d06 && swift build -c release --product haven \
#     && cp "$(swift build -c release --show-bin-path)/haven" /tmp/haven-pre-encryption && git checkout main
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PRE_BIN:?set PRE_BIN to a haven binary built before encryption at rest}"
swift build -c release --product haven >/dev/null 2>&1
CURRENT="$(swift build -c release --show-bin-path)/haven"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for round in 1 2; do
  for build in pre current; do
    bin="$PRE_BIN"; [ "$build" = current ] && bin="$CURRENT"
    echo "== round $round: $build" >&2
    HAVEN_BIN="$bin" BENCH_API_ONLY=1 scripts/bench.sh "${1:-10}" "${2:-32}" | tee "$OUT/$build.$round" >&2
  done
done
echo
printf '%-32s %12s %12s %8s\n' "figure (req/s, mean of 2)" "pre" "encrypted" "ratio"
for name in "ceiling GET /healthz" "create POST /tickets" "view GET /tickets/{id}" "list GET /tickets?per_page=100" "search GET /search/tickets"; do
  pre=$(grep -hF "$name " "$OUT"/pre.* | grep 'req/s' | awk '{for(i=1;i<=NF;i++) if($i=="req/s") s+=$(i-1)} END {printf "%.0f", s/NR}')
  cur=$(grep -hF "$name " "$OUT"/current.* | grep 'req/s' | awk '{for(i=1;i<=NF;i++) if($i=="req/s") s+=$(i-1)} END {printf "%.0f", s/NR}')
  awk -v n="$name" -v p="$pre" -v c="$cur" 'BEGIN { printf "%-32s %12d %12d %8.3f\n", n, p, c, c / p }'
done
