#!/usr/bin/env bash
# contract-test.sh — property-based contract test of the live server against openapi.yaml (Schemathesis).
#
#   DATABASE_URL=postgresql://… scripts/contract-test.sh [SERVER_BINARY]     (default: .build/debug/taskapi)
#
# DATABASE_URL names a fresh test database (no users yet; e.g. scripts/postgres.sh dropdb NAME, then
# scripts/postgres.sh ensure NAME): the script migrates it, starts the server on a free loopback port with
# BCRYPT_COST=4 and a random SECRET_KEY, waits for /health and runs `schemathesis run` over every operation of
# the document the server serves (/openapi.json: openapi.yaml as clients see it) with every built-in check and the examples, coverage, fuzzing and stateful (OpenAPI links)
# phases, authenticated by Tests/EndToEnd/contract/hooks.py (it registers and logs in two accounts, an owner and a
# peer for the object-level authorization check). Then Tests/EndToEnd/contract/test_regressions.py (pytest) runs
# against the same server, and the server is stopped (scripts/lib/test-server.sh starts and stops it). Exits
# non-zero on any failure or error.
#
# Schemathesis lives in .build-tools/contract-venv, (re)installed from Tests/EndToEnd/contract/requirements.txt
# only when that file (or the Python interpreter) changes. Reports go to test-output/contract/: junit.xml,
# regressions-junit.xml, dropped-failures.log (failures the hooks explained away, one line each), server.log.
# Tuning, all optional: CONTRACT_SEED (default 20261125; the same seed sends the same requests),
# CONTRACT_MAX_EXAMPLES (200 per operation), CONTRACT_WORKERS (1: deterministic; more interleave operations),
# CONTRACT_PHASES (examples,coverage,fuzzing,stateful), CONTRACT_REPORTS (junit; e.g. junit,har,ndjson),
# CONTRACT_REQUEST_TIMEOUT (10 s per request), CONTRACT_TIME_LIMIT (600 s for the whole schemathesis run),
# PYTHON (/usr/bin/python3 when present or installable with dpkg/apt, else python3 on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SERVER_BIN=${1:-.build/debug/taskapi}
SEED=${CONTRACT_SEED:-20261125}
MAX_EXAMPLES=${CONTRACT_MAX_EXAMPLES:-200}
WORKERS=${CONTRACT_WORKERS:-1}
REQUEST_TIMEOUT=${CONTRACT_REQUEST_TIMEOUT:-10}
PHASES=${CONTRACT_PHASES:-examples,coverage,fuzzing,stateful}
REPORTS=${CONTRACT_REPORTS:-junit}
TIME_LIMIT=${CONTRACT_TIME_LIMIT:-600}
if [[ -z ${PYTHON:-} ]]; then
    PYTHON=python3
    if [[ -x /usr/bin/python3 ]] || command -v dpkg-query >/dev/null 2>&1; then PYTHON=/usr/bin/python3; fi
fi
VENV=$ROOT/.build-tools/contract-venv
REQUIREMENTS=$ROOT/Tests/EndToEnd/contract/requirements.txt
OUT=$ROOT/test-output/contract

say() { echo "contract-test.sh: $*" >&2; }
die() { say "$*"; exit 1; }
# shellcheck source=scripts/lib/test-server.sh
source "$ROOT/scripts/lib/test-server.sh"

[[ -n ${DATABASE_URL:-} ]] || die "DATABASE_URL must name the test database (it gets test accounts and tasks)"
[[ -x $SERVER_BIN ]] || die "no server binary at $SERVER_BIN (swift build --product taskapi)"
SERVER_BIN=$(cd "$(dirname "$SERVER_BIN")" && pwd -P)/$(basename "$SERVER_BIN")

# --- Schemathesis in its own virtual environment -------------------------------------------------------------
# Debian's python3 by default (as scripts/browser-test.sh), so the venv does not depend on whichever python3 is
# first on PATH; python3-venv is installed when missing.
if [[ $PYTHON == /usr/bin/python3 ]] && command -v dpkg-query >/dev/null 2>&1; then
    bash "$(dirname "$0")/install-deps.sh" python3 python3-venv || die "could not install python3-venv"
fi
[[ -x $PYTHON ]] || PYTHON=$(command -v "$PYTHON") || die "no Python interpreter $PYTHON"

stamp=$( (sha256sum <"$REQUIREMENTS"; "$PYTHON" --version) | sha256sum | cut -d' ' -f1)
if [[ ! -x $VENV/bin/schemathesis || $(cat "$VENV/.requirements-stamp" 2>/dev/null) != "$stamp" ]] \
    || ! "$VENV/bin/python" -c '' 2>/dev/null; then
    say "creating ${VENV#"$ROOT"/} with $(grep -i '^schemathesis==' "$REQUIREMENTS") ($PYTHON)"
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV" || die "$PYTHON -m venv failed (on Debian: apt-get install python3-venv)"
    # --no-deps: the file pins every package, transitive ones included; pip check proves the set complete.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --no-deps \
        --requirement "$REQUIREMENTS" || die "pip install --requirement ${REQUIREMENTS#"$ROOT"/} failed"
    "$VENV/bin/python" -m pip check --disable-pip-version-check >&2 \
        || die "${REQUIREMENTS#"$ROOT"/} does not pin every dependency"
    echo "$stamp" >"$VENV/.requirements-stamp"
fi

# --- the server ---------------------------------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"
SERVER_LOG=$OUT/server.log
SECRET_KEY=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')
# ENVIRONMENT=test: the server below runs with BCRYPT_COST=4, and `migrate` reads the same settings.
ENVIRONMENT=test
export DATABASE_URL SECRET_KEY ENVIRONMENT

"$SERVER_BIN" migrate >"$OUT/migrate.log" 2>&1 || { cat "$OUT/migrate.log" >&2; die "migration failed"; }

# Accounts from an earlier run would turn schemathesis' example registrations into unexplained duplicates
# (and make runs differ): the database must start without users.
if command -v psql >/dev/null 2>&1; then
    users=$(psql "$DATABASE_URL" -X -q -tAc 'SELECT count(*) FROM users' 2>/dev/null || echo "?")
    [[ $users == 0 ]] || die "the database in DATABASE_URL has $users users; the contract test needs a fresh one" \
        "(scripts/postgres.sh dropdb NAME && scripts/postgres.sh ensure NAME)"
fi

trap stop_all_background EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Started from test-output/contract so that a developer's .env (read from the working directory) stays out.
# Every case comes from 127.0.0.1, so the login and registration limits are raised far past what the run sends:
# the counting still runs on every call, while 429 itself is the integration tests' business (RateLimitTests).
TEST_PYTHON=$VENV/bin/python
start_test_server "$SERVER_LOG" "$OUT" "$SERVER_BIN" ENVIRONMENT=test BCRYPT_COST=4 LOG_LEVEL="${CONTRACT_LOG_LEVEL:-info}" \
    DB_POOL_SIZE="${CONTRACT_DB_POOL_SIZE:-10}" LOGIN_RATE_LIMIT=1000000 REGISTER_RATE_LIMIT=1000000
BASE_URL=$TEST_SERVER_URL
say "server $SERVER_BIN listening on $BASE_URL (log: ${SERVER_LOG#"$ROOT"/})"

# --- schemathesis -------------------------------------------------------------------------------------------
args=(
    run "$BASE_URL/openapi.json"
    --url "$BASE_URL"
    --checks all
    --phases "$PHASES"
    --max-examples "$MAX_EXAMPLES"
    --seed "$SEED"
    --generation-database none
    --workers "$WORKERS"
    --request-timeout "$REQUEST_TIMEOUT"
    --report "$REPORTS"
    --report-dir "$OUT"
    --report-junit-path "$OUT/junit.xml"
    --no-color
)

export CONTRACT_BASE_URL=$BASE_URL CONTRACT_DROPPED_LOG=$OUT/dropped-failures.log PYTHONDONTWRITEBYTECODE=1
say "schemathesis ${args[*]}"
started=$(date +%s)
status=0
(
    cd "$OUT"   # Hypothesis keeps its .hypothesis directory in the working directory
    SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$ROOT/Tests/EndToEnd/contract" \
        exec timeout --signal=TERM --kill-after=10 "$TIME_LIMIT" \
        "$VENV/bin/schemathesis" --config-file "$ROOT/Tests/EndToEnd/contract/schemathesis.toml" "${args[@]}"
) || status=$?
elapsed=$(( $(date +%s) - started ))
(( status == 124 )) && say "schemathesis did not finish within ${TIME_LIMIT}s (CONTRACT_TIME_LIMIT)"
say "schemathesis finished in ${elapsed}s with exit status $status (seed $SEED; reports in ${OUT#"$ROOT"/})"

# --- our own regression tests for what schemathesis found and for what the hooks assume ----------------------
regressions=0
(
    cd "$OUT"
    exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$ROOT/Tests/EndToEnd/contract" \
        --junitxml="$OUT/regressions-junit.xml" "$ROOT/Tests/EndToEnd/contract/test_regressions.py"
) || regressions=$?
say "regression tests finished with exit status $regressions"

stop_all_background
(( status == 0 )) || exit "$status"
exit "$regressions"
