#!/usr/bin/env bash
# Times the release-built generator on openapi.yaml: the median of 20 runs must stay under 0.5 s.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product openapi-gen >/dev/null
bin=.build/release/openapi-gen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for _ in $(seq 20); do
  start=$(date +%s%N)
  "$bin" generate openapi.yaml --output "$out" >/dev/null
  times+=($(( ($(date +%s%N) - start) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 10p)
echo "openapi-gen on openapi.yaml: median $((median / 1000)).$(printf '%03d' $((median % 1000))) ms over 20 runs (budget 500 ms)"
[ "$median" -lt 500000 ]
