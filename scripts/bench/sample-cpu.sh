#!/usr/bin/env bash
# sample-cpu.sh — stands in for `wrk` or `pgbench` (as a symlink of that name early on PATH) and records the CPU
# time the server and PostgreSQL spend during each run of the real tool.
#
# ../shared/bench/run.sh seeds the database once and then runs every scenario back to back, and pg-ceiling.sh
# does the same with pgbench; neither can be paused between scenarios. Wrapping the load generator is the one
# place that sees each scenario start and end, so the /proc samples bracket exactly one scenario's load.
#
# Environment (set by scripts/bench/measure.sh):
#   BENCH_SAMPLES     file to append one JSON line per run of the tool to
#   BENCH_SERVER_PID  root of the server's process tree (empty: no server, as for the pgbench ceiling)
#   BENCH_PG_PID      the cluster's postmaster (its backends and helpers are its children)
#   BENCH_REAL_WRK, BENCH_REAL_PGBENCH   the real tools
#   BENCH_PROC        scripts/bench/proc.py;  BENCH_TOOL_PYTHON  the python3 that runs it
#
# The line: {"tool", "label", "server_ticks", "postgres_ticks", "wall_s", "status"}. label is the wrk scenario
# (the -s script's name; `warmup` for run.sh's unrecorded run, the one without --latency) or, for pgbench,
# the -f scripts in order; the report pairs pgbench lines with pg-ceiling.sh's results by order. BENCH_LABEL, when
# set, is the label instead (listing.sh runs one script for several cases).
set -uo pipefail

tool=$(basename "$0")
case $tool in
    wrk) real=${BENCH_REAL_WRK:?} ;;
    pgbench) real=${BENCH_REAL_PGBENCH:?} ;;
    *) echo "sample-cpu.sh: run me as wrk or pgbench (a symlink), not $tool" >&2; exit 2 ;;
esac

label="" latency=false previous=""
for arg in "$@"; do
    case $previous in
        -s) label=$(basename "$arg" .lua) ;;
        -f) label+="${label:+,}$(basename "$arg")" ;;
    esac
    [[ $arg == --latency ]] && latency=true
    previous=$arg
done
[[ $tool == wrk && $latency == false ]] && label=warmup
[[ -n ${BENCH_LABEL:-} ]] && label=$BENCH_LABEL

sample() { "$BENCH_TOOL_PYTHON" "$BENCH_PROC" ticks "${BENCH_SERVER_PID:-}" "${BENCH_PG_PID:-}" | paste -sd' '; }

read -r server_before pg_before <<<"$(sample)"
start=${EPOCHREALTIME//[!0-9]/}
"$real" "$@"
status=$?
end=${EPOCHREALTIME//[!0-9]/}
read -r server_after pg_after <<<"$(sample)"

delta() { if [[ $1 == null || $2 == null ]]; then echo null; else echo $(($2 - $1)); fi; }
printf '{"tool":"%s","label":"%s","server_ticks":%s,"postgres_ticks":%s,"wall_s":%d.%06d,"status":%d}\n' \
    "$tool" "$label" "$(delta "$server_before" "$server_after")" "$(delta "$pg_before" "$pg_after")" \
    $(((end - start) / 1000000)) $(((end - start) % 1000000)) "$status" >>"${BENCH_SAMPLES:?}"
exit "$status"
