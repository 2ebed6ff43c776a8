#!/usr/bin/env bash
# make run: install what is missing, start a private PostgreSQL (unless DATABASE_URL is set), build in release
# mode, migrate, and serve on http://localhost:PORT (PORT from the environment, else .env, else 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

# KEY's value in .env, as the server reads it (Sources/Server/TaskAPIApp/DotEnv.swift): the last KEY=value
# line wins; `export `, surrounding spaces and tabs, matching quotes or a trailing ` #` comment are removed.
dotenv_value() {
  [ -f .env ] || return 0
  local line key value found=""
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    line=${line#"${line%%[!$' \t']*}"}
    [[ $line == "export "* ]] && line=${line#export }
    [[ $line == *=* ]] || continue
    key=${line%%=*}
    key=${key%"${key##*[!$' \t']}"}
    key=${key#"${key%%[!$' \t']*}"}
    [ "$key" = "$1" ] || continue
    value=${line#*=}
    value=${value#"${value%%[!$' \t']*}"}
    value=${value%"${value##*[!$' \t']}"}
    if [[ ${#value} -ge 2 && ( $value == \"*\" || $value == \'*\' ) ]]; then
      value=${value:1:${#value}-2}
    elif [[ $value == *" #"* ]]; then
      value=${value%%" #"*}
      value=${value%"${value##*[!$' \t']}"}
    fi
    found=$value
  done < .env
  printf '%s' "$found"
}

# Whether a setting comes from the environment or from .env (which the server reads itself).
configured() { [ -n "${!1:-}" ] || [ -n "$(dotenv_value "$1")" ]; }

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
# `make run` is a developer's server: it says so in ENVIRONMENT unless told otherwise (see README).
if ! configured ENVIRONMENT; then
  export ENVIRONMENT=development
fi
# The server reads PORT itself (environment, then .env, then 8000); this is only for the message below.
port=${PORT:-$(dotenv_value PORT)}
port=${port:-8000}

swift build -c release --product taskapi
.build/release/taskapi migrate
if [ "$port" = 0 ]; then where="on a free port (the 'listening' log line names it)"
else where="http://localhost:$port (docs: http://localhost:$port/docs)"; fi
echo "Serving $where; stop with Ctrl-C, then 'make stop' for PostgreSQL."
exec .build/release/taskapi serve
