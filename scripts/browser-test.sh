#!/usr/bin/env bash
# browser-test.sh — the Swagger UI page /docs in headless Chromium, driven as a person would: register with
# "Try it out", log in through Authorize (OAuth2 password flow), then POST /tasks and GET /tasks.
#
#   DATABASE_URL=postgresql://… scripts/browser-test.sh [SERVER_BINARY]     (default .build/debug/taskapi)
#
# DATABASE_URL (required) is a database this test may write to; it is migrated first. Installs what is
# missing (Debian chromium, fonts-liberation, python3-venv; a venv in .build-tools/browser-venv with
# Tests/EndToEnd/browser/requirements.txt, rebuilt when that file changes), serves the pinned swagger-ui-dist
# files from that venv on a free loopback port (the server's DOCS_ASSETS_URL), starts the server on a loopback
# port it picks itself (PORT=0; BCRYPT_COST=4, a random SECRET_KEY), runs Tests/EndToEnd/browser with pytest,
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

# swagger-ui-dist 5.17.14, the release Sources/Generated/DocsPage.swift loads from the CDN by default. These
# are the npm files' SHA-384 digests (the CDN's subresource-integrity values): the local copies must match.
readonly SWAGGER_UI_RELEASE=5.17.14
readonly SWAGGER_UI_BUNDLE_SHA384=wmyclcVGX/WhUkdkATwhaK1X1JtiNrr2EoYJ+diV3vj4v6OC5yCeSu+yW13SYJep
readonly SWAGGER_UI_CSS_SHA384=wxLW6kwyHktdDGr6Pv1zgm/VGJh99lfUbzSn6HNHBENZlCN7W602k9VkGdxuFvPn

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
    # --no-deps: the file pins every package, transitive ones included (and leaves out Django, which the
    # package carrying swagger-ui-dist declares but this test does not need).
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps --requirement "$REQUIREMENTS" \
        || die "pip install --requirement $REQUIREMENTS failed"
    echo "$stamp" > "$VENV/.requirements-stamp"
fi

# --- Swagger UI's files, checked and served on a free loopback port -----------------------------------
ASSETS_DIR=$("$PY" -c 'import importlib.util, pathlib
spec = importlib.util.find_spec("django_static_swagger_ui")
print(pathlib.Path(spec.origin).parent / "static" / "swagger-ui")') || die "the swagger-ui-dist package is not in $VENV"
"$PY" - "$ASSETS_DIR" "$SWAGGER_UI_BUNDLE_SHA384" "$SWAGGER_UI_CSS_SHA384" <<'EOF' || die "the local Swagger UI files are not swagger-ui-dist $SWAGGER_UI_RELEASE"
import base64, hashlib, pathlib, sys
folder = pathlib.Path(sys.argv[1])
for name, expected in (("swagger-ui-bundle.js", sys.argv[2]), ("swagger-ui.css", sys.argv[3])):
    path = folder / name
    if not path.is_file():
        sys.exit(f"browser-test.sh: {path} is missing")
    actual = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
    if actual != expected:
        sys.exit(f"browser-test.sh: {path} has SHA-384 {actual}, expected {expected}")
EOF

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

assets_port=$(free_port)
start_background "$OUT/assets.log" "$REPO" \
    "$PY" -m http.server "$assets_port" --bind 127.0.0.1 --directory "$ASSETS_DIR"
assets_url=http://127.0.0.1:$assets_port
wait_for_http "$assets_url/swagger-ui.css" "$BACKGROUND_PID" 15 "the Swagger UI file server" "$OUT/assets.log"

# --- the server -----------------------------------------------------------------------------------------
secret_key=$("$PY" -c 'import secrets; print(secrets.token_hex(32))')
server_env=(DATABASE_URL="$DATABASE_URL" SECRET_KEY="$secret_key" ENVIRONMENT=test BCRYPT_COST=4 MIGRATIONS_DIR="$REPO/migrations")
(cd "$workdir" && env "${server_env[@]}" "$BINARY" migrate) > "$OUT/migrate.log" 2>&1 \
    || { cat "$OUT/migrate.log" >&2; die "taskapi migrate failed"; }

start_test_server "$OUT/server.log" "$workdir" "$BINARY" "${server_env[@]}" DOCS_ASSETS_URL="$assets_url"
base_url=$TEST_SERVER_URL
say "server at $base_url (pid $TEST_SERVER_PID), Swagger UI $SWAGGER_UI_RELEASE from $assets_url"

# --- the browser test -----------------------------------------------------------------------------------
set +e
TASKAPI_BASE_URL=$base_url DOCS_ASSETS_URL=$assets_url SWAGGER_UI_VERSION=$SWAGGER_UI_RELEASE \
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
