#!/usr/bin/env bash
# Proves that every third-party document in ../shared/specs either generates Swift that compiles (with all
# warnings as errors) or is refused with file:line:column diagnostics — never a crash, never broken Swift.
set -euo pipefail
cd "$(dirname "$0")/.."
specs_dir=${SPECS_DIR:-../shared/specs}
generator=${GENERATOR:-.build/debug/openapi-gen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The generated code imports Runtime: check it against the module SwiftPM built (swift build --target Runtime),
# under the package name SwiftPM gives this checkout (its folder's name, lower-cased), since the API is `package`.
swift build --target Runtime >/dev/null
package_name=$(basename "$PWD" | tr '[:upper:]' '[:lower:]')
modules=$(swift build --show-bin-path)/Modules
# C modules that Runtime's dependencies bring (NIO's shims): SwiftPM writes a module map for each.
module_maps=()
while IFS= read -r map; do module_maps+=(-Xcc "-fmodule-map-file=$map"); done < <(
  { find "$(swift build --show-bin-path)" -mindepth 2 -maxdepth 2 -name module.modulemap
    find .build/checkouts -path '*/Sources/*/include/module.modulemap'
    ls Sources/C*/module.modulemap; } | sort)
# Header search paths of the system libraries behind those module maps (libpq lives in include/postgresql).
for flag in $(pkg-config --cflags-only-I libpq yaml-0.1 libcrypto libxcrypt); do module_maps+=(-Xcc "$flag"); done
flags=("${module_maps[@]}" -swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
       -enable-upcoming-feature MemberImportVisibility -warnings-as-errors -package-name "$package_name" -I "$modules")

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
      if swiftc -typecheck -module-name Generated "${flags[@]}" "$out"/*.swift >"$out.swiftc" 2>&1; then
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
  if swiftc -typecheck -module-name Generated "${flags[@]}" "$expected"/*.swift >"$work/$name.golden" 2>&1; then
    echo "compiles   fixture $name"
  else
    echo "BROKEN     fixture $name: expected output does not compile:"; head -20 "$work/$name.golden"; failures=$((failures + 1))
  fi
done
[ "$failures" -eq 0 ] || { echo "$failures spec(s) failed"; exit 1; }
