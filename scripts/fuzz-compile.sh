#!/usr/bin/env bash
# Typechecks the outputs `openapi-fuzz --save-generated DIR` saved (one folder per accepted mutant: its
# openapi.yaml, mutations.txt and the generated files), with every warning an error, as check-specs.sh does for
# the third-party documents: the fuzzer itself proves the generator never crashes and refuses with located
# diagnostics; this proves, for a sample, that what it accepts is Swift that compiles.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: scripts/fuzz-compile.sh DIR   (the --save-generated folder of openapi-fuzz)" >&2; exit 2; }
[ -d "$1" ] || { echo "fuzz-compile: no folder '$1'" >&2; exit 2; }
samples=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
source scripts/swiftc-flags.sh

count=0
failures=0
for out in "$samples"/*/; do
  out=${out%/}
  [ -e "$out/openapi.yaml" ] || continue
  count=$((count + 1))
  name=$(basename "$out")
  if swiftc -typecheck -module-name Generated "${swiftc_flags[@]}" "$out"/*.swift >"$out/swiftc.log" 2>&1; then
    echo "compiles   $name"
  else
    echo "BROKEN     $name: generated Swift does not compile (input: $out/openapi.yaml, how it was made: $out/mutations.txt):"
    grep -aE '^[^ ].*error:' "$out/swiftc.log" | head -10 | sed 's/^/             /'
    failures=$((failures + 1))
  fi
done
[ "$count" -gt 0 ] || { echo "fuzz-compile: no generated outputs in $samples"; exit 1; }
echo "fuzz-compile: $count generated outputs typechecked, $failures do not compile"
[ "$failures" -eq 0 ]
