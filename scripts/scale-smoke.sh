#!/usr/bin/env bash
# scale-smoke.sh — the scaled stack for real: docker-compose.scale.yml up (two API replicas behind nginx,
# PgBouncer in transaction mode, Prometheus), wait for /ready through nginx, run ../shared/bench's mixed
# scenario through nginx, and tear it down.
#
#   bash scripts/scale-smoke.sh        (needs a container engine with compose; SECRET_KEY from .env or the env)
#
# Where no container engine is available it says so and validates the compose files instead
# (scripts/check-compose.py), which `make test` also does on every run. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "scale-smoke.sh: $*" >&2; }
die() { say "$*"; exit 1; }
PYTHON=${PYTHON:-python3}
[[ -x .build-tools/contract-venv/bin/python ]] && PYTHON=.build-tools/contract-venv/bin/python

if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1 || ! docker compose version >/dev/null 2>&1; then
    say "no container engine with compose here: validating the compose files only"
    exec "$PYTHON" scripts/check-compose.py
fi

export SECRET_KEY=${SECRET_KEY:-$(openssl rand -hex 32)}
# The bench's set-up registers its users from one address, at once.
export REGISTER_RATE_LIMIT=0 LOGIN_RATE_LIMIT=0 BCRYPT_QUEUE_LIMIT=100000
compose=(docker compose -f docker-compose.scale.yml)
trap '"${compose[@]}" down -v >/dev/null 2>&1 || true' EXIT
"${compose[@]}" up --build --detach --wait || die "the stack did not come up healthy"
port=${API_PORT:-8080}
for _ in $(seq 60); do
    curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS "http://127.0.0.1:$port/ready" >/dev/null || die "/ready did not answer 200 through nginx"
say "/ready is 200 through nginx"
# One user's path through nginx: whichever replica answers, the next one sees the same state.
base=http://127.0.0.1:$port
email="smoke-$(date +%s)@example.com"
curl -fsS -X POST "$base/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"smoke test password\"}" >/dev/null || die "register failed"
token=$(curl -fsS "$base/auth/login" --data-urlencode "username=$email" --data-urlencode "password=smoke test password" \
    | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || die "login failed"
id=$(curl -fsS -X POST "$base/tasks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"title":"through nginx"}' | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["id"])') \
    || die "create failed"
for _ in 1 2 3 4; do
    curl -fsS "$base/tasks/$id" -H "Authorization: Bearer $token" >/dev/null || die "read $id failed"
done
if [[ -d ../shared/bench ]]; then
    say "running the bench's mixed scenario through nginx"
    SCENARIOS=mixed bash ../shared/bench/run.sh scale "$base" 10s 64 || die "the mixed scenario failed"
fi
curl -fsS "http://127.0.0.1:${PROMETHEUS_PORT:-9090}/api/v1/targets" | grep -q '"health":"up"' \
    || die "Prometheus does not see the replicas up"
say "passed"
