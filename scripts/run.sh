#!/usr/bin/env bash
# make run: install what is missing, start a private PostgreSQL (unless DATABASE_URL is set), build in release
# mode, migrate, and serve on http://localhost:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

# Whether a setting comes from the environment or from .env (which the server reads itself).
configured() { [ -n "${!1:-}" ] || { [ -f .env ] && grep -Eq "^(export +)?$1=.+" .env; }; }

if ! configured DATABASE_URL; then
  DATABASE_URL=$(bash scripts/postgres.sh ensure taskapi)
  export DATABASE_URL
fi
if ! configured SECRET_KEY; then
  # A key of this checkout's own, made once, so tokens survive restarts of `make run`.
  mkdir -p .data
  if [ ! -s .data/secret_key ]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .data/secret_key)
  fi
  SECRET_KEY=$(cat .data/secret_key)
  export SECRET_KEY
fi
export PORT=${PORT:-8000}

swift build -c release --product taskapi
.build/release/taskapi migrate
echo "Serving http://localhost:$PORT (docs: http://localhost:$PORT/docs); stop with Ctrl-C, then 'make stop' for PostgreSQL."
exec .build/release/taskapi serve
