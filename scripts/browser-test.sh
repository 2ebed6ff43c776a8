#!/usr/bin/env bash
# browser-test.sh — the Swagger UI page /docs in headless Chromium, driven as a person would: register with
# "Try it out", log in through Authorize (OAuth2 password flow), then POST /tasks and GET /tasks.
#
#   DATABASE_URL=postgresql://… scripts/browser-test.sh [SERVER_BINARY]     (default .build/debug/taskapi)
#
# DATABASE_URL (required) is a database this test may write to; it is migrated first. Installs what is
# missing (Debian chromium, fonts-liberation, python3-venv; a venv in .build-tools/browser-venv with
# Tests/EndToEnd/browser/requirements.txt, rebuilt when that file changes), starts the server with its default
# docs settings (Swagger UI's files served by the server itself) on a loopback port it picks itself (PORT=0;
# ENVIRONMENT=test, BCRYPT_COST=4, a random SECRET_KEY), runs Tests/EndToEnd/browser with pytest — in which the
# browser may reach the server and nothing else, as on a machine without internet access —
# and stops what it started (scripts/lib/test-server.sh).
# Screenshots, the server log and a JUnit report go to test-output/browser/. Exits non-zero on any failure.
# BROWSER_TEST_TIMEOUT (seconds, default 300) bounds the browser test itself.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd -P)

say() { echo "browser-test.sh: $*" >&2; }
die() { say "$*"; exit 1; }
# shellcheck source=scripts/lib/test-server.sh
source "$REPO/scripts/lib/test-server.sh"

# The Swagger UI release the server has built in (Sources/Runtime/SwaggerUIAssets): the page must run it.
readonly SWAGGER_UI_RELEASE=5.33.1

readonly REQUIREMENTS=Tests/EndToEnd/browser/requirements.txt
readonly VENV=.build-tools/browser-venv
readonly OUT=${BROWSER_OUTPUT_DIR:-$REPO/test-output/browser}
readonly CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

[[ $# -le 1 ]] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BINARY=${1:-.build/debug/taskapi}
[[ -x $BINARY ]] || die "no server binary at $BINARY (build it first: swift build)"
BINARY=$(cd "$(dirname "$BINARY")" && pwd -P)/$(basename "$BINARY")
[[ -n ${DATABASE_URL:-} ]] || die "DATABASE_URL must name the test database (e.g. \$(scripts/postgres.sh ensure taskapi_browser))"
started=$(date +%s)

# --- Debian packages ------------------------------------------------------------------------------------
packages=(chromium fonts-liberation python3 python3-venv)
bash "$(dirname "$0")/install-deps.sh" "${packages[@]}" || die "could not install ${packages[*]}"
[[ -x $CHROMIUM ]] || die "no Chromium at $CHROMIUM"

# --- the Python environment (Debian's python3, so it does not depend on whichever python3 is first on PATH)
PY=$VENV/bin/python
stamp=$( (sha256sum "$REQUIREMENTS"; /usr/bin/python3 --version) | sha256sum | cut -d' ' -f1)
if [[ ! -x $PY || $(cat "$VENV/.requirements-stamp" 2>/dev/null) != "$stamp" ]] || ! "$PY" -c '' 2>/dev/null; then
    say "creating $VENV from $REQUIREMENTS"
    rm -rf "$VENV"
    /usr/bin/python3 -m venv "$VENV" || die "python3 -m venv failed"
    # --no-deps: the file pins every package, transitive ones included.
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps --requirement "$REQUIREMENTS" \
        || die "pip install --requirement $REQUIREMENTS failed"
    echo "$stamp" > "$VENV/.requirements-stamp"
fi

rm -rf "$OUT"
mkdir -p "$OUT"
workdir=$(mktemp -d)   # the server's working directory: no developer .env is read from there
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_all_background
    rm -rf "$workdir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
TEST_PYTHON=$PY

# --- the server -----------------------------------------------------------------------------------------
secret_key=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')
server_env=(DATABASE_URL="$DATABASE_URL" SECRET_KEY="$secret_key" ENVIRONMENT=test BCRYPT_COST=4 MIGRATIONS_DIR="$REPO/migrations")
(cd "$workdir" && env "${server_env[@]}" "$BINARY" migrate) > "$OUT/migrate.log" 2>&1 \
    || { cat "$OUT/migrate.log" >&2; die "taskapi migrate failed"; }

# Default settings: the server serves Swagger UI's files itself; the test lets the browser reach nothing else.
start_test_server "$OUT/server.log" "$workdir" "$BINARY" "${server_env[@]}"
base_url=$TEST_SERVER_URL
say "server at $base_url (pid $TEST_SERVER_PID), Swagger UI $SWAGGER_UI_RELEASE served by the server itself"

# --- the browser test -----------------------------------------------------------------------------------
set +e
TASKAPI_BASE_URL=$base_url SWAGGER_UI_VERSION=$SWAGGER_UI_RELEASE \
CHROMIUM_PATH=$CHROMIUM BROWSER_OUTPUT_DIR=$OUT PYTHONDONTWRITEBYTECODE=1 \
    timeout --kill-after=15 "${BROWSER_TEST_TIMEOUT:-300}" \
    "$PY" -m pytest -p no:cacheprovider -rA --color=no --junitxml="$OUT/junit.xml" Tests/EndToEnd/browser
pytest_status=$?
set -e
[[ $pytest_status -eq 124 || $pytest_status -eq 137 ]] && die "the browser test took longer than ${BROWSER_TEST_TIMEOUT:-300}s"
[[ $pytest_status -eq 0 ]] || die "the browser test failed (pytest exit $pytest_status); see $OUT"
# Passing must mean the test ran: at least one test, none skipped, failed or in error.
"$PY" - "$OUT/junit.xml" <<'EOF' || die "the browser test did not run (see $OUT/junit.xml)"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root if root.tag == "testsuite" else root.find("testsuite")
counts = {key: int(suite.get(key, 0)) for key in ("tests", "failures", "errors", "skipped")}
if counts["tests"] < 1 or counts["failures"] or counts["errors"] or counts["skipped"]:
    sys.exit(f"browser-test.sh: unexpected JUnit counts {counts}")
EOF
[[ -s $OUT/docs-final.png ]] || die "the final screenshot $OUT/docs-final.png is missing"
say "passed in $(( $(date +%s) - started ))s; screenshots in $OUT:"
for shot in "$OUT"/*.png; do say "  $shot"; done
