#!/usr/bin/env bash
# Builds folders of generated Swift as another package would: a scratch package outside the repository that
# depends on this checkout's APIRuntime library product by path, one target per folder, Swift 6 with our upcoming
# features and every warning an error, plus a small executable that links them all. Then it checks that the build
# holds no SwiftNIO, libpq, libcrypto or libxcrypt: generated code needs the pure runtime only.
#
#   scripts/build-generated.sh DIR...     each DIR holds one generator output (*.swift; other files are ignored)
#
# Prints `compiles NAME` or `BROKEN NAME` per folder (NAME: the folder's name) and exits 1 if any is broken or
# the dependency check fails. The scratch package lives in $GENERATED_SCRATCH (default: a folder of this
# checkout's own under ${TMPDIR:-/tmp}) and keeps its .build, so a second run compiles only what changed.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/build-generated.sh DIR..." >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=${GENERATED_SCRATCH:-${TMPDIR:-/tmp}/taskapi-generated-$(printf %s "$repo" | sha1sum | cut -c1-12)}
case $scratch/ in "$repo"/*) echo "build-generated: the scratch package must be outside $repo" >&2; exit 2 ;; esac
mkdir -p "$scratch"
rm -rf "$scratch/Sources"

targets=()
declare -A folder_of=()
for dir in "$@"; do
  [ -d "$dir" ] || { echo "build-generated: no folder '$dir'" >&2; exit 2; }
  # A module name from the folder's name: letters, digits and underscores, unique, not starting with a digit.
  name=Generated_$(basename "$dir" | tr -c 'A-Za-z0-9_\n' '_')
  while [ -n "${folder_of[$name]:-}" ]; do name=${name}_; done
  folder_of[$name]=$dir
  targets+=("$name")
  mkdir -p "$scratch/Sources/$name"
  cp "$dir"/*.swift "$scratch/Sources/$name/"
done

# The executable touches every module, so that the link proves what they need at run time, and runs the example
# checks of those generated with --example-checks: it exits 1 if any example or invalid variant fails.
mkdir -p "$scratch/Sources/LinkCheck"
{
  for name in "${targets[@]}"; do echo "import $name"; done
  echo
  echo "var specBytes = 0"
  echo "var exampleChecks = 0"
  echo "var exampleFailures: [String] = []"
  for name in "${targets[@]}"; do
    echo "specBytes += $name.OpenAPISpec.json.utf8.count"
    if [ -e "${folder_of[$name]}/ExampleChecks.swift" ]; then
      echo "exampleChecks += $name.ExampleChecks.count"
      echo "exampleFailures += $name.ExampleChecks.run().map { \"$(basename "${folder_of[$name]}"): \" + \$0 }"
    fi
  done
  echo 'print("embedded specs: \(specBytes) bytes")'
  echo 'print("examples: \(exampleChecks) checks (examples and invalid variants), \(exampleFailures.count) failed")'
  echo 'for failure in exampleFailures { print("  " + failure) }'
} >"$scratch/Sources/LinkCheck/main.swift"

{
  cat <<EOF
// swift-tools-version: 6.2
// Written by scripts/build-generated.sh in $repo; rewritten on every run.
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]
let runtime = Target.Dependency.product(name: "APIRuntime", package: "$(basename "$repo" | tr "[:upper:]" "[:lower:]")")

let package = Package(
    name: "GeneratedCodeCheck",
    dependencies: [.package(path: "$repo")],
    targets: [
EOF
  for name in "${targets[@]}"; do
    echo "        .target(name: \"$name\", dependencies: [runtime], swiftSettings: settings),"
  done
  printf '        .executableTarget(name: "LinkCheck", dependencies: [%s], swiftSettings: settings),\n' \
    "$(printf '"%s", ' "${targets[@]}" | sed 's/, $//')"
  echo "    ]"
  echo ")"
} >"$scratch/Package.swift"

log=$scratch/build.log
status=0
build_start=$(date +%s)
(cd "$scratch" && swift build --product LinkCheck) >"$log" 2>&1 || status=$?
build_seconds=$(( $(date +%s) - build_start ))

failures=0
for name in "${targets[@]}"; do
  if grep -q "Sources/$name/.*error:" "$log"; then
    echo "BROKEN     $(basename "${folder_of[$name]}"): generated Swift does not compile (${folder_of[$name]}):"
    grep -aE "Sources/$name/.*error:" "$log" | sort -u | head -10 | sed "s|^$scratch/||; s/^/             /"
    failures=$((failures + 1))
  elif [ "$status" -eq 0 ]; then
    echo "compiles   $(basename "${folder_of[$name]}")"
  fi
done
if [ "$status" -ne 0 ] && [ "$failures" -eq 0 ]; then
  echo "BROKEN     the scratch package did not build:"; tail -30 "$log"; exit 1
fi
[ "$failures" -eq 0 ] || { echo "build-generated: $failures of ${#targets[@]} outputs do not compile"; exit 1; }

# Generated code must pull in nothing but the pure runtime: no module of those libraries was built, and the
# linked executable needs none of their shared libraries.
bin=$(cd "$scratch" && swift build --show-bin-path)
# SwiftPM plans every target of the graph (folders, module maps); only compiled output counts.
forbidden=$(find "$bin" -mindepth 1 -maxdepth 3 -type f \( -name '*.o' -o -name '*.swiftmodule' \) \
  \( -path '*NIO*' -o -path '*CLibPQ*' -o -path '*COpenSSLCrypto*' -o -path '*CLibxcrypt*' -o -path '*PostgresLibPQ*' \
  -o -path '*SecurityLibcrypto*' -o -path '*PasswordsLibxcrypt*' \) | sed "s|^$bin/||" | sort | head -20)
needed=$(readelf -d "$bin/LinkCheck" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
linked=$(grep -E '^lib(pq|crypto|crypt)\.so' <<<"$needed" || true)
if [ -n "$forbidden" ] || [ -n "$linked" ]; then
  echo "build-generated: generated code pulled in more than APIRuntime:"
  echo "$forbidden" "$linked" | tr ' ' '\n' | sed '/^$/d; s/^/             /'
  exit 1
fi
# Every failing example must be one of the known mistakes of the documents themselves, and each of those must
# still fail (else the list is stale).
"$bin/LinkCheck" | tee "$scratch/link-check.out"
known=$repo/scripts/known-example-failures.txt
failed_examples() { { grep '^  ' "$scratch/link-check.out" || true; } | sed 's/^  //' | sort; }
known_examples() { { grep -v '^#' "$known" || true; } | sed '/^$/d' | sort; }
unexpected=$(failed_examples | comm -23 - <(known_examples))
if [ -n "$unexpected" ]; then
  echo "build-generated: examples not handled as their schemas say:"; sed 's/^/             /' <<<"$unexpected"; exit 1
fi
# Only when the documents with known mistakes were among the folders can their entries be checked for staleness.
if grep -q '^  ' "$scratch/link-check.out" || [ "${CHECK_KNOWN_EXAMPLES:-0}" = 1 ]; then
  stale=$(known_examples | comm -23 - <(failed_examples))
  if [ -n "$stale" ]; then
    echo "build-generated: scripts/known-example-failures.txt lists examples that no longer fail:"
    sed 's/^/             /' <<<"$stale"; exit 1
  fi
fi
echo "build-generated: compiled in ${build_seconds} s (debug; what changed since the scratch package's last build)"
echo "build-generated: ${#targets[@]} outputs compile against APIRuntime alone (no NIO, libpq, libcrypto, libxcrypt;" \
  "LinkCheck needs: $(tr '\n' ' ' <<<"$needed" | sed 's/ $//'))"
