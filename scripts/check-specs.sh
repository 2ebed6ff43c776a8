#!/usr/bin/env bash
# Proves that every third-party document in ../shared/specs either generates Swift that compiles (with all
# warnings as errors) or is refused with file:line:column diagnostics — never a crash, never broken Swift.
set -euo pipefail
cd "$(dirname "$0")/.."
specs_dir=${SPECS_DIR:-../shared/specs}
generator=${GENERATOR:-.build/debug/openapi-gen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The generated code imports Runtime: typecheck it as SwiftPM compiles the Generated target.
source scripts/swiftc-flags.sh

failures=0
for spec in "$specs_dir"/*.yaml "$specs_dir"/*.json; do
  [ -e "$spec" ] || continue
  name=$(basename "$spec")
  out="$work/${name%.*}"
  mkdir -p "$out"
  status=0
  "$generator" generate "$spec" --output "$out" 2>"$out.log" || status=$?
  case $status in
    0)
      if swiftc -typecheck -module-name Generated "${swiftc_flags[@]}" "$out"/*.swift >"$out.swiftc" 2>&1; then
        echo "compiles   $name ($(grep -c 'warning:' "$out.log" || true) warnings)"
      else
        echo "BROKEN     $name: generated Swift does not compile:"; head -20 "$out.swiftc"; failures=$((failures + 1))
      fi ;;
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
# The golden expectations are generated code too: they must compile as well.
for expected in Tests/GeneratorTests/Fixtures/*/Expected; do
  name=$(basename "$(dirname "$expected")")
  if swiftc -typecheck -module-name Generated "${swiftc_flags[@]}" "$expected"/*.swift >"$work/$name.golden" 2>&1; then
    echo "compiles   fixture $name"
  else
    echo "BROKEN     fixture $name: expected output does not compile:"; head -20 "$work/$name.golden"; failures=$((failures + 1))
  fi
done
[ "$failures" -eq 0 ] || { echo "$failures spec(s) failed"; exit 1; }
