#!/usr/bin/env bash
# What a feature costs: runs the API part of scripts/bench.sh against a baseline build and the current build,
# alternating (base, current, base, current) so machine drift hits both, and prints each figure with the ratio
# current / base. A program to run and report, not a test.
#
#   BASE_BIN=/path/to/haven-baseline scripts/bench-compare.sh [seconds-per-run] [connections]
#
# Baselines used so far (build BASE_BIN from the last commit before the feature):
#   encryption at rest: ef04d06     audit log: b99ec25     storage engine and use cases: ba55277
#   git checkout --detach b99ec25 && swift build -c release --product haven \
#     && cp "$(swift build -c release --show-bin-path)/haven" /tmp/haven-base && git checkout main
set -euo pipefail
cd "$(dirname "$0")/.."
PRE_BIN="${BASE_BIN:-${PRE_BIN:-}}"
: "${PRE_BIN:?set BASE_BIN to a haven binary built before the feature being measured}"
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
printf '%-32s %12s %12s %8s\n' "figure (req/s, mean of 2)" "base" "current" "ratio"
for name in "ceiling GET /healthz" "create POST /tickets" "view GET /tickets/{id}" "list GET /tickets?per_page=100" \
  "list 100 updated_since" "search GET /search/tickets"; do
  pre=$(grep -hF "$name " "$OUT"/pre.* | grep 'req/s' | awk '{for(i=1;i<=NF;i++) if($i=="req/s") s+=$(i-1)} END {printf "%.0f", s/NR}')
  cur=$(grep -hF "$name " "$OUT"/current.* | grep 'req/s' | awk '{for(i=1;i<=NF;i++) if($i=="req/s") s+=$(i-1)} END {printf "%.0f", s/NR}')
  awk -v n="$name" -v p="$pre" -v c="$cur" 'BEGIN { printf "%-32s %12d %12d %8.3f\n", n, p, c, c / p }'
done
