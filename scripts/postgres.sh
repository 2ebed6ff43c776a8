#!/usr/bin/env bash
# postgres.sh — this checkout's private PostgreSQL clusters, reachable only through a Unix socket.
#
#   scripts/postgres.sh start            initdb if needed, start (no-op when running), wait until ready
#   scripts/postgres.sh stop             fast shutdown (no-op when not running)
#   scripts/postgres.sh status           print the state; exit 0 when running, 3 when not
#   scripts/postgres.sh createdb NAME    create database NAME unless it exists
#   scripts/postgres.sh dropdb NAME      drop database NAME if it exists (closing its connections)
#   scripts/postgres.sh url NAME         print NAME's libpq URL: postgresql://postgres@/NAME?host=SOCKETDIR&port=5432
#   scripts/postgres.sh ensure NAME      start + createdb NAME + url NAME (only the URL goes to stdout)
#   scripts/postgres.sh psql NAME [ARG…] run psql on NAME with the given arguments
#   scripts/postgres.sh dir              print the cluster's data directory
#   PG_CLUSTER=test scripts/postgres.sh … the same for `make test`'s cluster (.data/postgres-test)
#
# PG_CLUSTER picks the cluster: `run` (the default; `make run`'s) lives in .data/postgres, or in
# PGDATA_DIR when that is set; any other NAME (`make test` uses `test`) lives in .data/postgres-NAME
# and ignores PGDATA_DIR, so an exported PGDATA_DIR cannot make the two one. A cluster listens on no
# TCP port: its socket is in the data directory itself; the superuser is `postgres`, authenticated by
# trust (the socket is the only way in, and the data directory is private to the cluster's OS user).
# The server log is the file `log` in the data directory. PG_BIN overrides the directory of the
# server binaries.
#
# PostgreSQL refuses to run as root. As root the cluster runs as the `postgres` OS user, which must be
# able to reach the data directory. When it cannot (the checkout is under /root, say), or the socket
# path would be too long or contain unusual characters, the cluster goes elsewhere and .data/postgres
# (or .data/postgres-NAME) becomes a symlink to it: /var/lib/postgresql/taskapi-HASH for root,
# /var/tmp/taskapi-postgres-USER-HASH for anyone else (HASH names the checkout; a cluster other than
# `run` appends -NAME). An explicit PGDATA_DIR is never moved: it fails with an explanation instead.
set -euo pipefail

readonly PG_PORT=5432   # names the socket file (.s.PGSQL.5432); no TCP port is opened
readonly PG_SUPERUSER=postgres

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Sets CLUSTER_SUFFIX from PG_CLUSTER: "" for `run`, -NAME for any other cluster.
resolve_cluster() {
    local name=${PG_CLUSTER:-run}
    [[ $name =~ ^[a-z][a-z0-9]{0,15}$ ]] || die "bad PG_CLUSTER '$name' (up to 16 lowercase letters and digits)"
    if [[ $name == run ]]; then CLUSTER_SUFFIX=""; else CLUSTER_SUFFIX="-$name"; fi
}

repo_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P); }

# The physical absolute path of PATH, whose last components need not exist yet.
physical() {
    local path=$1 tail=""
    [[ $path == /* ]] || path="$PWD/$path"
    while [[ ! -d $path ]]; do
        tail="/$(basename "$path")$tail"
        path=$(dirname "$path")
    done
    echo "$(cd "$path" && pwd -P)$tail"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# The OS user that owns (or will own) the cluster in $DATA_DIR, when we are root.
cluster_user() {
    local owner
    if [[ -f "$DATA_DIR/PG_VERSION" ]]; then
        owner=$(stat -c %U "$DATA_DIR/PG_VERSION")
        [[ $owner != root ]] && { echo "$owner"; return; }
    fi
    echo postgres
}

# Run a server-side command (initdb, pg_ctl) as the cluster's OS user, from a directory that user can
# read (the caller's working directory may be under /root).
as_owner() {
    if is_root; then
        (cd / && runuser -u "$(cluster_user)" -- "$@")
    else
        "$@"
    fi
}

# Whether the postgres OS user can search DIR's nearest existing ancestor (all of DIR's own
# components are created by this script, readable by that user).
reachable_by_postgres() {
    local path=$1
    while [[ ! -e $path ]]; do path=$(dirname "$path"); done
    if id postgres >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- test -x "$path") 2>/dev/null
        return
    fi
    # Before PostgreSQL is installed: every ancestor must be searchable by others.
    while [[ $path != / ]]; do
        [[ -n $(find "$path" -maxdepth 0 -perm -o+x) ]] || return 1
        path=$(dirname "$path")
    done
}

# Whether DIR can hold the cluster and its socket: a plain path (it is written into postgresql.conf
# and the URL), short enough for sun_path (107 bytes with the socket file's name), reachable.
usable_dir() {
    local dir=$1
    [[ $dir =~ ^[A-Za-z0-9._/+@=-]+$ ]] || return 1
    (( ${#dir} + ${#PG_PORT} + 10 <= 107 )) || return 1
    if is_root; then reachable_by_postgres "$dir" || return 1; fi
    return 0
}

# Root's clusters go to the postgres user's home (/var/lib/postgresql, which no tmp cleaner ages
# out); anyone else's to /var/tmp. HASH names the checkout, so each checkout keeps its own cluster.
fallback_dir() {
    local hash home
    hash=$(printf '%s' "$REPO" | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-12)
    if is_root; then
        home=$(getent passwd postgres 2>/dev/null | cut -d: -f6 || true)
        if [[ -n $home && -d $home ]] && usable_dir "$home/taskapi-$hash$CLUSTER_SUFFIX"; then
            echo "$home/taskapi-$hash$CLUSTER_SUFFIX"
            return
        fi
    fi
    echo "/var/tmp/taskapi-postgres-$(id -un)-$hash$CLUSTER_SUFFIX"
}

# Sets DATA_DIR (physical, absolute), EXPLICIT_DIR (PGDATA_DIR when it applies, else empty) and
# DEFAULT_LINK (the .data/postgres[-NAME] symlink to create, if any).
resolve_data_dir() {
    DEFAULT_LINK=""
    EXPLICIT_DIR=""
    [[ -n $CLUSTER_SUFFIX ]] || EXPLICIT_DIR=${PGDATA_DIR:-}
    if [[ -n $EXPLICIT_DIR ]]; then
        DATA_DIR=$(physical "$EXPLICIT_DIR")
        return
    fi
    local default="$REPO/.data/postgres$CLUSTER_SUFFIX"
    if [[ -L $default ]]; then
        DATA_DIR=$(physical "$(readlink "$default")")
    elif [[ -f "$default/PG_VERSION" ]] || usable_dir "$(physical "$default")"; then
        DATA_DIR=$(physical "$default")
    else
        DATA_DIR=$(fallback_dir)
        DEFAULT_LINK=$default
    fi
}

# Sets BIN, the directory of the PostgreSQL binaries.
need_bin() {
    [[ -n ${BIN:-} ]] || BIN=$(find_bin) || exit 1
}

find_bin() {
    if [[ -n ${PG_BIN:-} ]]; then
        [[ -x "$PG_BIN/pg_ctl" ]] || die "PG_BIN=$PG_BIN has no pg_ctl"
        echo "$PG_BIN"; return
    fi
    # An existing cluster needs the binaries of its own major version.
    if [[ -f "$DATA_DIR/PG_VERSION" ]]; then
        local own
        own="/usr/lib/postgresql/$(cat "$DATA_DIR/PG_VERSION")/bin"
        [[ -x "$own/pg_ctl" ]] && { echo "$own"; return; }
    fi
    local dir
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
    [[ -n $dir && -x "$dir/pg_ctl" ]] && { echo "$dir"; return; }
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        [[ -n $dir && -x "$dir/pg_ctl" ]] && { echo "$dir"; return; }
    fi
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"; return
    fi
    die "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin, pg_config --bindir, PATH);" \
        "run scripts/install-deps.sh or set PG_BIN"
}

check_name() {
    [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "bad database name '$1' (letters, digits and _ only)"
}

show_log_tail() {
    if [[ -f "$DATA_DIR/log" ]]; then
        say "last lines of $DATA_DIR/log:"
        tail -n 25 "$DATA_DIR/log" >&2
    fi
}

is_running() {
    [[ -f "$DATA_DIR/PG_VERSION" ]] || return 1
    need_bin
    as_owner "$BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

# After a crash or a container restart, postmaster.pid may name a PID that now belongs to another
# process; PostgreSQL would then refuse to start ("lock file already exists").
remove_stale_pid_file() {
    local pidfile="$DATA_DIR/postmaster.pid" pid
    [[ -f $pidfile && -d /proc ]] || return 0
    pid=$(head -n1 "$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    if [[ -d /proc/$pid ]] && [[ $(cat "/proc/$pid/comm" 2>/dev/null) != postgres* ]]; then
        say "removing stale $pidfile (PID $pid is not a postgres process)"
        rm -f "$pidfile" "$DATA_DIR/.s.PGSQL.$PG_PORT.lock"
    fi
}

# Creates PATH's parent (.data) if missing, searchable by the cluster's user whatever the umask.
make_parent() {
    local parent
    parent=$(dirname "$1")
    [[ -d $parent ]] || { mkdir -p "$parent"; chmod 755 "$parent"; }
}

prepare_dir() {
    if [[ -n $DEFAULT_LINK ]]; then
        say "using $DATA_DIR for the cluster (${DEFAULT_LINK#"$REPO"/} is not usable here; see scripts/postgres.sh)"
        if [[ -d $DATA_DIR && ! -L $DATA_DIR ]]; then
            local owner
            owner=$(stat -c %U "$DATA_DIR")
            [[ $owner == "$(id -un)" || $owner == postgres ]] || die "$DATA_DIR exists and belongs to $owner"
        fi
        mkdir -p "$DATA_DIR"
        mkdir -p "$(dirname "$DEFAULT_LINK")"
        rmdir "$DEFAULT_LINK" 2>/dev/null || true
        [[ -e $DEFAULT_LINK ]] || ln -sfn "$DATA_DIR" "$DEFAULT_LINK"
    elif [[ ! -d $DATA_DIR ]]; then
        make_parent "$DATA_DIR"
        mkdir "$DATA_DIR"
    fi
    if is_root; then
        id postgres >/dev/null 2>&1 || die "as root the cluster runs as the 'postgres' OS user, which does not exist" \
            "(run scripts/install-deps.sh)"
        [[ -f "$DATA_DIR/PG_VERSION" ]] || chown postgres:postgres "$DATA_DIR"
        (cd / && runuser -u "$(cluster_user)" -- test -w "$DATA_DIR" -a -x "$DATA_DIR") \
            || die "the $(cluster_user) OS user cannot reach $DATA_DIR (check the parent directories' x bits," \
                   "or set PGDATA_DIR to a directory under /var/tmp)"
    elif [[ -f "$DATA_DIR/PG_VERSION" && ! -O "$DATA_DIR/PG_VERSION" ]]; then
        die "the cluster in $DATA_DIR belongs to $(stat -c %U "$DATA_DIR/PG_VERSION"); run as that user or as root"
    fi
    chmod 700 "$DATA_DIR" 2>/dev/null || as_owner chmod 700 "$DATA_DIR"
}

init_cluster() {
    [[ -f "$DATA_DIR/PG_VERSION" ]] && return 0
    need_bin
    [[ -z "$(ls -A "$DATA_DIR")" ]] || die "$DATA_DIR is neither empty nor a PostgreSQL cluster"
    local locale=C
    locale -a 2>/dev/null | grep -qixE 'c\.utf-?8' && locale=C.UTF-8
    local out
    out=$(mktemp)
    say "initialising a cluster in $DATA_DIR"
    if ! as_owner "$BIN/initdb" -D "$DATA_DIR" -U "$PG_SUPERUSER" --auth-local=trust --auth-host=reject \
        --encoding=UTF8 --locale="$locale" >"$out" 2>&1; then
        cat "$out" >&2; rm -f "$out"
        die "initdb failed"
    fi
    # initdb wants an empty directory, so its output joins the log afterwards.
    as_owner tee -a "$DATA_DIR/log" <"$out" >/dev/null
    rm -f "$out"
}

# Rewrites this script's block at the end of postgresql.conf (kept current if the directory moves).
configure() {
    local conf="$DATA_DIR/postgresql.conf" new
    new=$(mktemp)
    awk '/^# BEGIN postgres.sh/{skip=1} !skip{print} /^# END postgres.sh/{skip=0}' "$conf" >"$new"
    cat >>"$new" <<EOF
# BEGIN postgres.sh (rewritten on every start)
listen_addresses = ''
unix_socket_directories = '$DATA_DIR'
port = $PG_PORT
max_connections = 200
timezone = 'UTC'
log_timezone = 'UTC'
# END postgres.sh
EOF
    cmp -s "$new" "$conf" || as_owner tee "$conf" <"$new" >/dev/null
    rm -f "$new"
}

wait_ready() {
    local i
    for i in $(seq 1 50); do
        "$BIN/pg_isready" -q -h "$DATA_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres && return 0
        sleep 0.2
    done
    show_log_tail
    die "the server in $DATA_DIR does not accept connections"
}

# Serialises start/stop of one cluster (two `make run`s, or a `make run` and a `make stop`, may race).
lock_cluster() {
    command -v flock >/dev/null 2>&1 || return 0
    local lock="$DATA_DIR.lock"
    make_parent "$lock"
    exec 9>>"$lock"
    flock 9
}

cmd_start() {
    lock_cluster
    if [[ -n $EXPLICIT_DIR ]] && ! usable_dir "$DATA_DIR" && [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
        die "PGDATA_DIR=$DATA_DIR cannot hold the cluster: it needs a plain path (letters, digits, ._/+@=-)," \
            "at most $((107 - ${#PG_PORT} - 10)) characters for the socket$(is_root && echo ", reachable by the postgres user")"
    fi
    prepare_dir
    init_cluster
    if is_running; then
        wait_ready
        return 0
    fi
    configure
    remove_stale_pid_file
    # 9>&-: the server must not inherit (and so hold forever) the lock_cluster descriptor.
    if ! as_owner "$BIN/pg_ctl" start -D "$DATA_DIR" -l "$DATA_DIR/log" -w -t 60 >/dev/null 9>&-; then
        show_log_tail
        die "pg_ctl start failed"
    fi
    wait_ready
    say "started PostgreSQL $(cat "$DATA_DIR/PG_VERSION") in $DATA_DIR (socket only, log: $DATA_DIR/log)"
}

cmd_stop() {
    [[ -f "$DATA_DIR/PG_VERSION" ]] && lock_cluster
    if ! is_running; then
        say "not running ($DATA_DIR)"
        return 0
    fi
    if ! as_owner "$BIN/pg_ctl" stop -D "$DATA_DIR" -m fast -w -t 60 >/dev/null; then
        show_log_tail
        die "pg_ctl stop failed"
    fi
    say "stopped ($DATA_DIR)"
}

cmd_status() {
    if is_running; then
        echo "running: $DATA_DIR (PID $(head -n1 "$DATA_DIR/postmaster.pid"))"
    else
        echo "not running: $DATA_DIR"
        return 3
    fi
}

require_running() {
    need_bin
    is_running || die "the cluster in $DATA_DIR is not running (scripts/postgres.sh start)"
}

# psql as the superuser on the maintenance database; connecting as the caller needs no privileges.
admin_query() {
    "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DATA_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -tAc "$1"
}

db_exists() {
    [[ $(admin_query "SELECT 1 FROM pg_database WHERE datname = '$1'") == 1 ]]
}

cmd_createdb() {
    check_name "$1"
    require_running
    db_exists "$1" && return 0
    # A concurrent createdb of the same name may win the race; that is success too.
    "$BIN/createdb" -h "$DATA_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" "$1" 2>/dev/null || db_exists "$1" \
        || "$BIN/createdb" -h "$DATA_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" "$1"
}

cmd_dropdb() {
    check_name "$1"
    require_running
    "$BIN/dropdb" -h "$DATA_DIR" -p "$PG_PORT" -U "$PG_SUPERUSER" --if-exists --force "$1" 2>&1 \
        | grep -v 'does not exist, skipping' >&2 || true
    ! db_exists "$1" || die "could not drop database $1"
}

cmd_url() {
    check_name "$1"
    # DATA_DIR matched usable_dir's character set or came from PGDATA_DIR; percent-encode anything else.
    local host="" i c
    for ((i = 0; i < ${#DATA_DIR}; i++)); do
        c=${DATA_DIR:i:1}
        case $c in
            [A-Za-z0-9._~/-]) host+=$c ;;
            *) host+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    echo "postgresql://$PG_SUPERUSER@/$1?host=$host&port=$PG_PORT"
}

[[ $# -ge 1 ]] || usage
REPO=$(repo_root)
resolve_cluster
resolve_data_dir
BIN=""
cmd=$1; shift
case $cmd in
    start)    [[ $# -eq 0 ]] || usage; cmd_start ;;
    stop)     [[ $# -eq 0 ]] || usage; cmd_stop ;;
    status)   [[ $# -eq 0 ]] || usage; cmd_status ;;
    createdb) [[ $# -eq 1 ]] || usage; cmd_createdb "$1" ;;
    dropdb)   [[ $# -eq 1 ]] || usage; cmd_dropdb "$1" ;;
    url)      [[ $# -eq 1 ]] || usage; cmd_url "$1" ;;
    ensure)   [[ $# -eq 1 ]] || usage; cmd_start; cmd_createdb "$1"; cmd_url "$1" ;;
    psql)     [[ $# -ge 1 ]] || usage; name=$1; shift; check_name "$name"; require_running
              exec "$BIN/psql" "$(cmd_url "$name")" "$@" ;;
    dir)      [[ $# -eq 0 ]] || usage; echo "$DATA_DIR" ;;
    -h|--help|help) usage ;;
    *)        usage ;;
esac
