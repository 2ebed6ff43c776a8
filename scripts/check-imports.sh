#!/usr/bin/env bash
# C modules may be imported only by the one folder that wraps each of them (STYLE §1, §7).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
check() {
  local module=$1 allowed=$2
  local offenders
  offenders=$(grep -rlE "import +$module\b" Sources Tests --include='*.swift' | grep -v "^$allowed/" || true)
  if [ -n "$offenders" ]; then
    echo "error: $module may be imported only under $allowed/, but is imported by:"; echo "$offenders"; status=1
  fi
}
check CLibYAML Sources/Generator/YAML
check CLibPQ Sources/Runtime/Postgres
check CCrypto Sources/Runtime/Security
exit $status
