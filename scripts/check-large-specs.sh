#!/usr/bin/env bash
# Generation and compile times of the large public documents in Tests/LargeSpecs (make check-large-specs).
# Each is generated with --example-checks by the release generator; those named in LARGE_COMPILE (default: Box's;
# Stripe's takes about 11 minutes: LARGE_COMPILE="box-openapi stripe-spec3") are compiled with scripts/build-generated.sh, which
# also runs their example checks. Prints one line per document.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product openapi-gen >/dev/null
generator=.build/release/openapi-gen
compile=${LARGE_COMPILE:-box-openapi}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
for spec in Tests/LargeSpecs/*.yaml Tests/LargeSpecs/*.json; do
  name=$(basename "${spec%.*}")
  start=$(date +%s.%N)
  "$generator" generate "$spec" --output "$work/$name" --access-modifier public --example-checks 2>"$work/$name.log"
  generated=$(seconds "$start" "$(date +%s.%N)")
  size=$(cat "$work/$name"/*.swift | wc -c)
  line="$name: generated in ${generated} s ($((size / 1024)) KiB of Swift, $(grep -c 'warning:' "$work/$name.log" || true) warnings)"
  if [[ " $compile " == *" $name "* ]]; then
    start=$(date +%s.%N)
    GENERATED_SCRATCH=${TMPDIR:-/tmp}/taskapi-large-$name bash scripts/build-generated.sh "$work/$name" >"$work/$name.build" 2>&1 \
      || { cat "$work/$name.build"; exit 1; }
    line="$line; compiled (with APIRuntime, debug) in $(seconds "$start" "$(date +%s.%N)") s; $(grep '^examples:' "$work/$name.build")"
  fi
  echo "$line"
done
