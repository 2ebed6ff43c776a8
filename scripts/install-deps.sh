#!/usr/bin/env bash
# install-deps.sh — install the Debian packages that building, running and testing the server need. Plain
# bash, so it works before `make` is installed: the official Swift images for Debian 12 (swift:6.2-bookworm)
# have no make, so on a fresh one run `bash scripts/install-deps.sh` (as root or with sudo) first.
#
#   scripts/install-deps.sh            install whichever of the packages below are missing (quiet when none are)
#   scripts/install-deps.sh --check    list the missing ones and exit 1 if there are any; install nothing
#   scripts/install-deps.sh PACKAGE…   the same for these packages instead (the test tools' own needs)
#
# Only missing packages are installed: `apt-get update` once, then `apt-get install -y
# --no-install-recommends`, through sudo when not root. Swift itself is not installed here.
# On a system without dpkg (not Debian or Ubuntu) it only says what it would need.
set -euo pipefail

packages=(
    make                # `make run`, `make test` (not in the Swift images)
    libyaml-dev         # CLibYAML (the spec generator)
    libpq-dev           # CLibPQ (the server's PostgreSQL client)
    libssl-dev          # COpenSSLCrypto: HMAC and SHA-256 for JWTs and migration checksums
    libcrypt-dev        # CLibxcrypt: crypt_r for bcrypt ($2b$) password hashes
    pkg-config          # SwiftPM finds the C libraries through it
    postgresql          # server + psql/createdb (postgresql-NN, postgresql-client-NN) for the private cluster
    postgresql-contrib
    libcurl4            # FoundationNetworking loads it: URLSessionTransport, the generated client's transport in tests
)

say() { echo "install-deps.sh: $*" >&2; }

check_only=false
case ${1:-} in
    "") ;;
    --check) check_only=true ;;
    -*) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) packages=("$@") ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    say "no dpkg here, so nothing is checked or installed; make sure these (or their equivalents) are present:"
    say "  ${packages[*]}"
    exit 0
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
    [[ $status == ii* ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if $check_only; then
    say "missing: ${missing[*]}"
    exit 1
fi

command -v apt-get >/dev/null 2>&1 || { say "missing ${missing[*]}, and apt-get is not available to install them"; exit 1; }

if [[ $(id -u) -eq 0 ]]; then
    as_root=(env)
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env)
else
    say "missing ${missing[*]}; installing them needs root, and sudo is not available. As root run:"
    say "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
fi

say "installing ${missing[*]}"
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -q \
    || { say "apt-get update failed"; exit 1; }
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || { say "apt-get install ${missing[*]} failed"; exit 1; }
