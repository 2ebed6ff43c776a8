#!/usr/bin/env bash
# make bench: our server beside the SOG + Hummingbird peer, the FastAPI reference (2 workers) and the pgbench
# ceiling, in one run so that the ratios are fair (../shared/bench/README.md: compare only within one sitting).
#
#   BENCH_DURATION   per scenario (default 10s; wrk's form: 10s, 1m)
#   BENCH_IMPLS      which, in this order (default "ours hummingbird fastapi ceiling listing allocations");
#                    `listing` is our server again, on one user with 100,000 tasks (scripts/bench/listing.sh: pages
#                    1 and 100, filters, search), and `allocations` counts our server's heap allocations per request
#                    for a fixed request sequence (scripts/bench/allocations.py), each in a table of its own
#   CONNECTIONS      concurrent connections, and pgbench clients (default 64)
#   BENCH_ROUNDS     how many times our server runs the whole scenario set on one process (default 3; RSS after
#                    each is reported, only the first round is measured)
#   BENCH_CACHE      where the peer's release build is kept (default ~/.cache/taskapi-bench)
#   USERS, TASKS, SCENARIOS, THREADS, WARMUP, WRK_TIMEOUT pass through to ../shared/bench's run.sh and
#   pg-ceiling.sh (SCENARIOS also names the ceiling's; it adds the +user ones by default).
#
# Builds first (ours in release; the peer once into BENCH_CACHE, again only when its sources change), so that no
# compiler runs while anything is measured; then scripts/bench/measure.sh runs each implementation on a fresh
# PostgreSQL cluster of its own, and scripts/bench/report.py prints the ratios. Output in test-output/bench:
# results.jsonl, processes.jsonl, report.txt (this run) and runs/RUN/ (every run's raw material). Exits 1 when
# something could not be measured or a scenario had non-2xx responses or socket errors.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
SHARED=$(cd "$REPO/../shared" 2>/dev/null && pwd -P) || { echo "bench.sh: no ../shared beside the checkout" >&2; exit 1; }

say() { echo "bench.sh: $*" >&2; }
die() { say "$*"; exit 1; }
step() { echo; echo "==> $*"; }

duration=${BENCH_DURATION:-10s}
[[ $duration =~ ^([1-9][0-9]*)(s|m)?$ ]] || die "BENCH_DURATION is seconds or minutes (10s, 1m), not '$duration'"
seconds=${BASH_REMATCH[1]}
[[ ${BASH_REMATCH[2]} == m ]] && seconds=$((seconds * 60))
connections=${CONNECTIONS:-64}
[[ $connections =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS is a positive number, not '$connections'"
read -ra impls <<<"${BENCH_IMPLS:-ours hummingbird fastapi ceiling listing allocations}"
[[ ${#impls[@]} -gt 0 ]] || die "BENCH_IMPLS names no implementation"
declare -A wanted=()
for impl in "${impls[@]}"; do
    [[ $impl =~ ^(ours|hummingbird|fastapi|ceiling|listing|allocations)$ ]] || die "unknown implementation" \
        "'$impl' in BENCH_IMPLS (ours, hummingbird, fastapi, ceiling, listing, allocations)"
    [[ -z ${wanted[$impl]:-} ]] || die "BENCH_IMPLS names $impl twice"
    wanted[$impl]=1
done
cache=${BENCH_CACHE:-$HOME/.cache/taskapi-bench}
http=false
[[ -n ${wanted[ours]:-}${wanted[listing]:-}${wanted[hummingbird]:-}${wanted[fastapi]:-} ]] && http=true
ours=${wanted[ours]:-}${wanted[listing]:-}${wanted[allocations]:-}   # all three run our release build

# --- tools ---------------------------------------------------------------------------------------------------
step "tools: wrk, pgbench, PostgreSQL, Python"
# The bench's own needs (the server packages for pg-private; python3-venv for the Python venv), then, to build
# ours, the repository's usual list.
bash scripts/install-deps.sh wrk postgresql postgresql-client curl python3 python3-venv \
    || die "could not install the benchmark's tools (see above)"
[[ -n $ours ]] && { bash scripts/install-deps.sh || die "could not install the build dependencies"; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk (or bash scripts/install-deps.sh wrk)"
for tool in pgbench psql; do
    command -v "$tool" >/dev/null || die "$tool is missing: apt-get install postgresql-client"
done
command -v curl >/dev/null || die "curl is missing: apt-get install curl"
if [[ -n ${wanted[ours]:-}${wanted[hummingbird]:-} ]]; then
    command -v swift >/dev/null || die "swift is not on PATH (Swift 6.2 or later builds ours and the peer)"
fi
# Debian's python3 for our helpers and the venv, as scripts/contract-test.sh: not whichever python3 is first on
# PATH (a pyenv shim costs tens of milliseconds per call).
tool_python=python3
[[ -x /usr/bin/python3 ]] && tool_python=/usr/bin/python3

# One venv for the FastAPI reference and run.sh's setup.py (httpx is in the reference's requirements).
venv=$REPO/.build-tools/bench-venv
requirements=$SHARED/peers/fastapi-seed/requirements.txt
if $http; then
    stamp=$( (sha256sum <"$requirements"; "$tool_python" --version) | sha256sum | cut -d' ' -f1)
    if [[ $(cat "$venv/.requirements-stamp" 2>/dev/null) != "$stamp" ]] || ! "$venv/bin/python" -c 'import httpx' 2>/dev/null; then
        say "creating ${venv#"$REPO"/} from ${requirements#"$SHARED"/} (pip, PyPI)"
        rm -rf "$venv"
        mkdir -p "$(dirname "$venv")"
        "$tool_python" -m venv "$venv" || die "$tool_python -m venv failed (apt-get install python3-venv)"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --requirement "$requirements" \
            || die "pip install --requirement $requirements failed"
        echo "$stamp" >"$venv/.requirements-stamp"
    fi
fi

# --- builds, all before any measurement ----------------------------------------------------------------------
if [[ -n $ours ]]; then
    step "build: ours, release"
    swift build -c release --product taskapi
fi
if [[ -n ${wanted[allocations]:-} ]]; then
    command -v gcc >/dev/null || bash scripts/install-deps.sh gcc || die "gcc is missing: apt-get install gcc"
    mkdir -p .build-tools
    gcc -O2 -shared -fPIC -o .build-tools/count-allocations.so scripts/bench/count-allocations.c \
        || die "could not build scripts/bench/count-allocations.c"
fi
hb_dir=$cache/hummingbird-openapi
if [[ -n ${wanted[hummingbird]:-} ]]; then
    step "build: the SOG + Hummingbird peer, release, in ${hb_dir/#"$HOME"/\~}"
    hb_src=$SHARED/peers/hummingbird-openapi
    hb_stamp=$(cd "$hb_src" && find . -name .build -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum \
        | sha256sum | cut -d' ' -f1)
    if [[ -x $hb_dir/.build/release/TaskAPI && $(cat "$hb_dir/.source-stamp" 2>/dev/null) == "$hb_stamp" ]]; then
        echo "up to date (sources unchanged since the cached build)"
    else
        # ../shared is read-only: the sources are copied next to the build (its serve.sh runs .build/release/TaskAPI
        # relative to itself). The build folder and the resolved versions stay, so a rebuild is incremental.
        mkdir -p "$hb_dir"
        find "$hb_dir" -mindepth 1 -maxdepth 1 ! -name .build ! -name Package.resolved -exec rm -rf {} +
        tar -C "$hb_src" --exclude=./.build -cf - . | tar -C "$hb_dir" -xf -
        find "$hb_dir" -mindepth 1 -maxdepth 1 ! -name .build -exec chmod -R u+w {} +
        say "building the peer (about 10 minutes from cold on 2 cores; cached afterwards)"
        swift build -c release --package-path "$hb_dir" --scratch-path "$hb_dir/.build"
        [[ -x $hb_dir/.build/release/TaskAPI ]] || die "the peer's build produced no .build/release/TaskAPI"
        echo "$hb_stamp" >"$hb_dir/.source-stamp"
    fi
fi

# --- the run -------------------------------------------------------------------------------------------------
run=$(date -u +%Y-%m-%dT%H:%M:%SZ)
out=$REPO/test-output/bench
rundir=$out/runs/${run//:/}
mkdir -p "$rundir"
# Clusters live under /tmp (the postgres OS user must reach them when we are root), beside a writable copy of
# ../shared/bench: run.sh appends to results/ next to itself, and nothing may be written into ../shared.
work=$(mktemp -d /tmp/taskapi-bench.XXXXXX)
chmod 755 "$work"
cp -R "$SHARED/bench" "$work/kit"
chmod -R u+w "$work/kit"
rm -rf "$work/kit/results"
mkdir -p "$work/kit/results" "$work/shims" "$work/pg"
ln -s "$REPO/scripts/bench/sample-cpu.sh" "$work/shims/wrk"
ln -s "$REPO/scripts/bench/sample-cpu.sh" "$work/shims/pgbench"

current=""
# shellcheck disable=SC2317  # called by the EXIT trap
finish() {
    local status=$?
    if [[ -n $current ]]; then kill -TERM "$current" 2>/dev/null || true; wait "$current" 2>/dev/null || true; fi
    rm -rf "$work"
    exit "$status"
}
trap finish EXIT
# measure.sh runs in the background (so these traps fire at once); it ignores SIGINT as background jobs do, and
# finish() sends it SIGTERM, on which it stops its load, server and cluster.
trap 'exit 130' INT
trap 'exit 143' TERM

BENCH_REAL_WRK=$(command -v wrk)
BENCH_REAL_PGBENCH=$(command -v pgbench)
export BENCH_DURATION=$duration BENCH_SECONDS=$seconds BENCH_CONNECTIONS=$connections BENCH_KIT=$work/kit \
    BENCH_SHIMS=$work/shims BENCH_PG_ROOT=$work/pg BENCH_VENV_PYTHON=$venv/bin/python BENCH_TOOL_PYTHON=$tool_python \
    BENCH_PROC=$REPO/scripts/bench/proc.py BENCH_HB_DIR=$hb_dir BENCH_PYCACHE=$cache/pycache BENCH_REPO=$REPO \
    BENCH_SHARED=$SHARED BENCH_REAL_WRK BENCH_REAL_PGBENCH

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)
failed=()
for impl in "${impls[@]}"; do
    step "$impl: fresh PostgreSQL, $duration per scenario, $connections connections"
    bash scripts/bench/measure.sh "$impl" "$rundir/$impl" &
    current=$!
    status=0
    wait "$current" || status=$?
    current=""
    [[ $status -eq 0 ]] || { say "$impl failed (exit $status); going on with the others"; failed+=("$impl"); }
done

"$tool_python" - "$rundir/run.json" "$run" "$duration" "$connections" "$(nproc)" "$load_before" "$(load)" \
    "$("${PG_BIN:-$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)}/postgres" --version)" "$(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)" \
    "${impls[@]}" <<'PY'
import json, sys
path, run, duration, connections, cores, before, after, postgres, wrk, *impls = sys.argv[1:]
with open(path, "w") as f:
    json.dump({"run": run, "duration": duration, "connections": int(connections), "cores": int(cores),
               "load_before": before, "load_after": after, "postgres": postgres, "wrk": wrk, "impls": impls}, f)
PY

step "report (test-output/bench/report.txt)"
status=0
"$tool_python" scripts/bench/report.py "$rundir" || status=$?
cp "$rundir/results.jsonl" "$rundir/processes.jsonl" "$rundir/report.txt" "$out/"
say "raw material in ${rundir#"$REPO"/}"
[[ ${#failed[@]} -eq 0 ]] || die "could not measure: ${failed[*]}"
exit "$status"
