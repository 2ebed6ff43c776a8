#!/usr/bin/env bash
# measure.sh IMPL OUTDIR — benchmark one implementation on a PostgreSQL cluster of its own; run by scripts/bench.sh.
#
#   IMPL: ours | hummingbird | fastapi | ceiling | listing | allocations    OUTDIR: where its raw results go
#
# Starts a fresh throwaway cluster (../shared/tools/pg-private: 127.0.0.1 and a unix socket only, database
# `tasks`), then for an HTTP implementation starts the server on a free loopback port, measures its start-up
# (launch to first answer) and idle RSS, runs ../shared/bench/run.sh against it (from BENCH_KIT, a writable copy)
# with the load generator wrapped by sample-cpu.sh, and measures RSS again; for `ceiling` it runs pg-ceiling.sh;
# for `listing` it starts our server as for `ours` and runs scripts/bench/listing.sh instead of run.sh; for
# `allocations` it starts it with scripts/bench/count-allocations.c preloaded and runs scripts/bench/allocations.py.
# Everything it started — load, server, cluster — is stopped on exit, interrupt or failure.
#
# OUTDIR gets: results.jsonl (run.sh's or pg-ceiling.sh's lines), cpu-samples.jsonl (sample-cpu.sh),
# process.json (start-up and RSS), server.log, postgres.log, and run.sh's fixtures and raw wrk output.
# Environment (exported by scripts/bench.sh): BENCH_DURATION, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_KIT,
# BENCH_SHIMS, BENCH_PG_ROOT, BENCH_VENV_PYTHON, BENCH_TOOL_PYTHON, BENCH_PROC, BENCH_HB_DIR, BENCH_PYCACHE,
# BENCH_REAL_WRK, BENCH_REAL_PGBENCH, BENCH_REPO, BENCH_SHARED.
set -euo pipefail

say() { echo "measure.sh: $*" >&2; }
die() { say "$*"; exit 1; }
[[ $# -eq 2 ]] || die "usage: measure.sh IMPL OUTDIR"
impl=$1
out=$2
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
pg_private=$BENCH_SHARED/tools/pg-private
proc() { "$BENCH_TOOL_PYTHON" "$BENCH_PROC" "$@"; }
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }

pg_dir="" server_pid="" load_pid="" probe_pid=""

# SIGTERM to every process of a tree (read while its root lives: uvicorn's workers and run.sh's wrk must not
# outlive their parent), up to 10 s for the root to go, then SIGKILL for whatever is still its tree.
stop_tree() {
    local root=$1 pids
    [[ -n $root ]] && kill -0 "$root" 2>/dev/null || return 0
    mapfile -t pids < <(proc tree "$root")
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$root" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$root" 2>/dev/null; then
        mapfile -t pids < <(proc tree "$root")
        kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
    wait "$root" 2>/dev/null || true
}

cleanup() {
    local status=$?
    stop_tree "$probe_pid"
    stop_tree "$load_pid"
    stop_tree "$server_pid"
    if [[ -n $pg_dir ]]; then
        bash "$pg_private" stop "$pg_dir" 2>/dev/null || say "could not stop the cluster in $pg_dir"
        cp "$pg_dir/server.log" "$out/postgres.log" 2>/dev/null || true
        rm -rf "$pg_dir"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- a fresh cluster: nothing another implementation wrote (rows, bloat, cache, statistics) is left ------------
pg_dir=$BENCH_PG_ROOT/pg-$impl
rm -rf "$pg_dir"
pg_port=$(proc free-port)
bash "$pg_private" start "$pg_dir" "$pg_port" 2>>"$out/postgres-start.log" \
    || { cat "$out/postgres-start.log" >&2; die "could not start PostgreSQL for $impl"; }
pg_pid=$(head -n1 "$pg_dir/postmaster.pid")
pg_url=$(bash "$pg_private" url "$pg_dir" "$pg_port")   # postgresql://postgres@127.0.0.1:PORT/tasks

# The load generator runs in the background and is waited for, so that an interrupt reaches the trap at once
# instead of after the whole run.
run_load() {
    env PATH="$BENCH_SHIMS:$PATH" BENCH_SAMPLES="$out/cpu-samples.jsonl" BENCH_SERVER_PID="$server_pid" \
        BENCH_PG_PID="$pg_pid" PYTHONPYCACHEPREFIX="$BENCH_PYCACHE" "$@" &
    load_pid=$!
    local status=0
    wait "$load_pid" || status=$?
    load_pid=""
    return "$status"
}

if [[ $impl == ceiling ]]; then
    RESULTS=$out/results.jsonl DURATION=$BENCH_SECONDS CLIENTS=$BENCH_CONNECTIONS \
        run_load bash "$BENCH_KIT/pg-ceiling.sh" "$pg_url" >"$out/pg-ceiling.log" 2>&1 \
        || { tail -n 20 "$out/pg-ceiling.log" >&2; die "pg-ceiling.sh failed (log: $out/pg-ceiling.log)"; }
    exit 0
fi

# --- the server ----------------------------------------------------------------------------------------------
port=$(proc free-port)
base=http://127.0.0.1:$port
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
# Tokens from setup.py must outlive the run: the implementations' default of 30 minutes, or longer for long
# scenarios (seven of them with the warm-up, plus up to 10 minutes of setup).
token_minutes=$(( (7 * BENCH_SECONDS + 600) / 60 + 1 ))
(( token_minutes > 30 )) || token_minutes=30
# The pool settings of the environment are for our server; the peers keep their own.
peer_env=(env -u DB_POOL_SIZE -u DB_MAX_OVERFLOW ACCESS_TOKEN_EXPIRE_MINUTES="$token_minutes")
probe_path=/ probe_status=()   # the peers have no /health: their first answer of any status counts
migrate_us=null
case $impl in
    ours | listing | allocations)
        binary=$BENCH_REPO/.build/release/taskapi
        [[ -x $binary ]] || die "no $binary (scripts/bench.sh builds it)"
        # LOG_LEVEL=warning: at info the server writes an access-log line per request, which would be measured.
        # BCRYPT_COST=4 only shortens setup.py's registrations; no scenario hashes a password. Started from OUTDIR,
        # which has no .env, so a developer's .env cannot change the run. The login and registration limits are
        # off because setup.py registers and logs in every benchmark user from one address, many at once (hence
        # the hashing queue too): concurrent attempts from one address count against it until they succeed.
        server=(env DATABASE_URL="$pg_url" SECRET_KEY="$secret" ENVIRONMENT=test BCRYPT_COST=4 LOG_LEVEL=warning
                REGISTER_RATE_LIMIT=0 LOGIN_RATE_LIMIT=0
                BCRYPT_QUEUE_LIMIT=100000
                HOST=127.0.0.1 PORT="$port" ACCESS_TOKEN_MINUTES="$token_minutes" "$binary")
        started=$(now_us)
        (cd "$out" && exec "${server[@]}" migrate --directory "$BENCH_REPO/migrations") >"$out/migrate.log" 2>&1 \
            || { cat "$out/migrate.log" >&2; die "taskapi migrate failed"; }
        migrate_us=$(($(now_us) - started))
        server+=(serve)
        if [[ $impl == allocations ]]; then
            # The counter is preloaded into the server alone (not into migrate, the probe or the client).
            server=(env LD_PRELOAD="$BENCH_REPO/.build-tools/count-allocations.so"
                    ALLOCATION_COUNT_FILE="$out/allocation-count" "${server[@]}")
        fi
        probe_path=/health probe_status=(--status 200)
        ;;
    hummingbird)
        [[ -x $BENCH_HB_DIR/.build/release/TaskAPI ]] || die "no $BENCH_HB_DIR/.build/release/TaskAPI (scripts/bench.sh builds it)"
        # Its serve.sh conventions: a postgres:// URL, PORT, BCRYPT_ROUNDS; it creates its tables on start.
        server=("${peer_env[@]}" DATABASE_URL="postgres://${pg_url#postgresql://}" PORT="$port" HOST=127.0.0.1
                SECRET_KEY="$secret" BCRYPT_ROUNDS=4 LOG_LEVEL=warning bash "$BENCH_HB_DIR/serve.sh")
        ;;
    fastapi)
        # Two uvicorn workers (serve.sh: --log-level warning, no access log). The bytecode cache goes to
        # BENCH_PYCACHE: serve.sh runs from ../shared, which must stay untouched.
        server=("${peer_env[@]}" SECRET_KEY="$secret" BCRYPT_ROUNDS=4 PYTHON="$BENCH_VENV_PYTHON"
                PYTHONPYCACHEPREFIX="$BENCH_PYCACHE" bash "$BENCH_SHARED/peers/fastapi-seed/serve.sh" "$port" 2 "$pg_url")
        ;;
    *) die "unknown implementation $impl" ;;
esac

# The probe starts before the server, so its own start-up is not counted; `exec` keeps the server's PID the
# one we launched (its process tree is what the CPU samples and RSS read).
proc probe "$base$probe_path" "${probe_status[@]}" --timeout 120 >"$out/probe.out" &
probe_pid=$!
launched=$(now_us)
(cd "$out" && exec "${server[@]}") >"$out/server.log" 2>&1 &
server_pid=$!
while kill -0 "$probe_pid" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$out/server.log" >&2; die "$impl exited during start-up (log: $out/server.log)"; }
    sleep 0.05
done
wait "$probe_pid" || { tail -n 20 "$out/server.log" >&2; die "$impl did not answer $base$probe_path (log: $out/server.log)"; }
probe_pid=""
startup_us=$(($(cat "$out/probe.out") / 1000 - launched))
rss_idle=$(proc rss "$server_pid")
say "$impl: PID $server_pid on $base, first answer to $probe_path after $((startup_us / 1000)) ms, RSS $((rss_idle / 1024)) MB"

status=0
if [[ $impl == listing ]]; then
    run_load bash "$BENCH_REPO/scripts/bench/listing.sh" "$base" "$pg_url" "$out" || status=$?
elif [[ $impl == allocations ]]; then
    "$BENCH_TOOL_PYTHON" "$BENCH_REPO/scripts/bench/allocations.py" "$base" "$server_pid" "$out/allocation-count" \
        "$out/results.jsonl" || status=$?
else
    rm -f "$BENCH_KIT/results/$impl.jsonl"
    PYTHON=$BENCH_VENV_PYTHON FIXTURES_DIR=$out \
        run_load bash "$BENCH_KIT/run.sh" "$impl" "$base" "$BENCH_DURATION" "$BENCH_CONNECTIONS" || status=$?
    [[ -f $BENCH_KIT/results/$impl.jsonl ]] && mv "$BENCH_KIT/results/$impl.jsonl" "$out/results.jsonl"
fi
rss_after=$(proc rss "$server_pid")
kill -0 "$server_pid" 2>/dev/null || die "$impl exited during the run (log: $out/server.log)"

# Our server runs the whole scenario set BENCH_ROUNDS times (default 3) on the same process, to show whether its
# memory keeps growing; only the first round is measured (the others' raw output stays in OUTDIR/round-N, and their
# load bypasses the CPU sampler, whose samples the report pairs with the first round's scenarios by name).
rss_rounds=("$rss_after")
if [[ $impl == ours && $status -eq 0 ]]; then
    for round in $(seq 2 "${BENCH_ROUNDS:-3}"); do
        mkdir -p "$out/round-$round"
        PYTHON=$BENCH_VENV_PYTHON FIXTURES_DIR=$out/round-$round PYTHONPYCACHEPREFIX="$BENCH_PYCACHE" \
            bash "$BENCH_KIT/run.sh" "ours-round-$round" "$base" "$BENCH_DURATION" "$BENCH_CONNECTIONS" \
            >"$out/round-$round/run.log" 2>&1 &
        load_pid=$!
        wait "$load_pid" || { load_pid=""; tail -n 5 "$out/round-$round/run.log" >&2; die "round $round failed"; }
        load_pid=""
        mv "$BENCH_KIT/results/ours-round-$round.jsonl" "$out/round-$round/results.jsonl" 2>/dev/null || true
        kill -0 "$server_pid" 2>/dev/null || die "$impl exited during round $round (log: $out/server.log)"
        rss_rounds+=("$(proc rss "$server_pid")")
        say "$impl: RSS after round $round: $((${rss_rounds[-1]} / 1024)) MB"
    done
fi

printf '{"impl":"%s","startup_ms":%s,"startup_probe":"%s","migrate_ms":%s,"rss_idle_kb":%s,"rss_after_kb":%s,%s}\n' \
    "$impl" "$(printf '%d.%03d' $((startup_us / 1000)) $((startup_us % 1000)))" "GET $probe_path" \
    "$([[ $migrate_us == null ]] && echo null || printf '%d.%03d' $((migrate_us / 1000)) $((migrate_us % 1000)))" \
    "$rss_idle" "$rss_after" "\"rss_rounds_kb\":[$(IFS=,; echo "${rss_rounds[*]}")]" >"$out/process.json"
[[ $status -eq 0 ]] || die "the load reported a failure for $impl (exit $status; raw output in $out)"
