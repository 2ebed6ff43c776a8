#!/usr/bin/env bash
# Builds the outputs `openapi-fuzz --save-generated DIR` saved (one folder per accepted mutant: its openapi.yaml,
# mutations.txt and the generated files) with every warning an error, as check-specs.sh does for the third-party
# documents: the fuzzer itself proves the generator never crashes and refuses with located diagnostics; this
# proves, for a sample, that what it accepts is Swift that compiles against the pure runtime.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: scripts/fuzz-compile.sh DIR   (the --save-generated folder of openapi-fuzz)" >&2; exit 2; }
[ -d "$1" ] || { echo "fuzz-compile: no folder '$1'" >&2; exit 2; }
samples=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."

outputs=()
for out in "$samples"/*/; do
  [ -e "$out/openapi.yaml" ] && outputs+=("${out%/}")
done
[ "${#outputs[@]}" -gt 0 ] || { echo "fuzz-compile: no generated outputs in $samples"; exit 1; }
# A separate scratch package, so that check-specs' build stays warm.
GENERATED_SCRATCH=${TMPDIR:-/tmp}/taskapi-fuzz-compile-$(printf %s "$PWD" | sha1sum | cut -c1-12) \
  bash scripts/build-generated.sh "${outputs[@]}"
