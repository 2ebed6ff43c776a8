# shellcheck shell=bash
# Sourced (from the repository root) by check-specs.sh and fuzz-compile.sh: sets `swiftc_flags`, the flags that
# typecheck generated Swift the way SwiftPM compiles the Generated target — against the Runtime module SwiftPM
# built, in Swift 6 mode with our upcoming features and every warning an error.
#
# SWIFT_BIN_PATH names the bin folder of a finished build (`swift build --show-bin-path`), so that callers that
# have just built everything need not ask SwiftPM again; without it, Runtime is built first.

if [ -n "${SWIFT_BIN_PATH:-}" ]; then
  bin_path=$SWIFT_BIN_PATH
else
  swift build --target Runtime >/dev/null
  bin_path=$(swift build --show-bin-path)
fi
# The API is `package`: check under the package name SwiftPM gives this checkout (its folder's name, lower-cased).
package_name=$(basename "$PWD" | tr '[:upper:]' '[:lower:]')
# C modules that Runtime's dependencies bring (NIO's shims): SwiftPM writes a module map for each.
swiftc_flags=()
while IFS= read -r map; do swiftc_flags+=(-Xcc "-fmodule-map-file=$map"); done < <(
  { find "$bin_path/" -mindepth 2 -maxdepth 2 -name module.modulemap
    find .build/checkouts -path '*/Sources/*/include/module.modulemap'
    ls Sources/C*/module.modulemap; } | sort)
# Header search paths of the system libraries behind those module maps (libpq lives in include/postgresql).
for flag in $(pkg-config --cflags-only-I libpq yaml-0.1 libcrypto libxcrypt); do swiftc_flags+=(-Xcc "$flag"); done
swiftc_flags+=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault
               -enable-upcoming-feature MemberImportVisibility -warnings-as-errors -package-name "$package_name"
               -I "$bin_path/Modules")
