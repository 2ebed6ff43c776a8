#!/usr/bin/env bash
# Proves that every third-party document in ../shared/specs either generates Swift that compiles (with all
# warnings as errors) or is refused with file:line:column diagnostics — never a crash, never broken Swift.
# Accepted documents and openapi.yaml are generated with `--access-modifier public`, as a library would be, and
# built together with the golden fixtures in a scratch package that depends on the APIRuntime product alone
# (scripts/build-generated.sh, which also checks that no NIO, libpq, libcrypto or libxcrypt comes with it).
set -euo pipefail
cd "$(dirname "$0")/.."
specs_dir=${SPECS_DIR:-../shared/specs}
generator=${GENERATOR:-.build/debug/openapi-gen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
outputs=()
for spec in openapi.yaml "$specs_dir"/*.yaml "$specs_dir"/*.json Tests/GeneratorTests/Fixtures/*/openapi.yaml; do
  [ -e "$spec" ] || continue
  name=$(basename "$spec")
  [ "$spec" = openapi.yaml ] && name=taskapi-openapi.yaml
  case $spec in Tests/*) name=fixture-$(basename "$(dirname "$spec")")-examples.yaml ;; esac
  out="$work/${name%.*}"
  mkdir -p "$out"
  status=0
  start=$(date +%s%N)
  "$generator" generate "$spec" --output "$out" --access-modifier public --example-checks 2>"$out.log" || status=$?
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  case $status in
    0)
      echo "generated  $name ($(grep -c 'warning:' "$out.log" || true) warnings, ${elapsed_ms} ms, $(cat "$out"/*.swift | wc -l) lines)"
      outputs+=("$out") ;;
    1)
      errors=$(grep -c ': error: ' "$out.log" || true)
      # Every line must be a located diagnostic: file:line:column: severity: message.
      if [ "$errors" -gt 0 ] && ! grep -vqE '^[^:]+:[0-9]+:[0-9]+: (error|warning): ' "$out.log"; then
        echo "refused    $name ($errors errors):"; grep ': error: ' "$out.log" | sed 's/^/             /'
      else
        echo "BROKEN     $name: exit 1 without well-formed diagnostics:"; cat "$out.log"; failures=$((failures + 1))
      fi ;;
    *)
      echo "CRASHED    $name: exit status $status"; cat "$out.log"; failures=$((failures + 1)) ;;
  esac
done
# The golden expectations are generated code too (with the default, package, access): they must compile as well.
for expected in Tests/GeneratorTests/Fixtures/*/Expected; do
  fixture="$work/fixture-$(basename "$(dirname "$expected")")"
  mkdir -p "$fixture"
  cp "$expected"/*.swift "$fixture/"
  outputs+=("$fixture")
done
bash scripts/build-generated.sh "${outputs[@]}" || failures=$((failures + 1))
[ "$failures" -eq 0 ] || { echo "check-specs: $failures failure(s)"; exit 1; }
