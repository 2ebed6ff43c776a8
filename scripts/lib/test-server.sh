# shellcheck shell=bash
# test-server.sh — start, wait for and stop the processes an end-to-end test runs against. Sourced (not run)
# by scripts/contract-test.sh and scripts/browser-test.sh, which define `say` and `die` and set TEST_PYTHON
# (a python3 for the HTTP probes) before calling anything here.
#
#   start_test_server LOG DIR BINARY [NAME=VALUE…]   `BINARY serve` on 127.0.0.1, a free port (PORT=0), from DIR;
#                                                     waits for GET /health; sets TEST_SERVER_PID and TEST_SERVER_URL
#   start_background LOG DIR COMMAND…                COMMAND from DIR, output to LOG; sets BACKGROUND_PID
#   wait_for_logged_port PID LOG SECONDS             sets LOGGED_PORT from the server's "listening" line (JSON or text)
#   wait_for_http URL PID SECONDS WHAT LOG           until URL answers 200; dies if PID exits first
#   free_port                                        prints a loopback port that was free a moment ago
#   stop_background PID                              SIGTERM, up to 10 s for it to exit, then SIGKILL; reaps it
#   stop_all_background                              stop_background for everything started here, newest first
#
# Every process starts from a directory of the caller's choosing so that no developer's .env (the server reads
# it from its working directory) changes the run.

BACKGROUND_PIDS=()

start_background() {
    local log=$1 dir=$2
    shift 2
    (cd "$dir" && exec "$@") >"$log" 2>&1 &
    BACKGROUND_PID=$!
    BACKGROUND_PIDS+=("$BACKGROUND_PID")
}

wait_for_logged_port() {
    local pid=$1 log=$2 seconds=$3 deadline=$(($(date +%s) + $3))
    LOGGED_PORT=""
    until [[ -n $LOGGED_PORT ]]; do
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the server exited during start-up (log: $log)"; }
        (($(date +%s) < deadline)) || { cat "$log" >&2; die "the server did not report its port within ${seconds}s"; }
        sleep 0.1
        # A JSON line ({"message":"listening",…,"port":"N"}) or a text one (… port=N … listening).
        LOGGED_PORT=$(sed -n -e 's/.*"message":"listening".*"port":"\([0-9][0-9]*\)".*/\1/p' \
            -e 's/.*port=\([0-9][0-9]*\).*listening.*/\1/p' "$log" 2>/dev/null | head -n1) || true
    done
}

wait_for_http() {
    local url=$1 pid=$2 seconds=$3 what=$4 log=$5 deadline=$(($(date +%s) + $3))
    until "$TEST_PYTHON" -c 'import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)' "$url" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "$what exited before answering $url (log: $log)"; }
        (($(date +%s) < deadline)) \
            || { tail -n 20 "$log" >&2; die "$what did not answer $url within ${seconds}s (log: $log)"; }
        sleep 0.1
    done
}

free_port() {
    "$TEST_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# PORT=0 rather than free_port: the server binds the port it reports, so no other process can take it in between.
start_test_server() {
    local log=$1 dir=$2 binary=$3
    shift 3
    start_background "$log" "$dir" env "$@" HOST=127.0.0.1 PORT=0 "$binary" serve
    TEST_SERVER_PID=$BACKGROUND_PID
    wait_for_logged_port "$TEST_SERVER_PID" "$log" 30
    TEST_SERVER_URL=http://127.0.0.1:$LOGGED_PORT
    wait_for_http "$TEST_SERVER_URL/health" "$TEST_SERVER_PID" 30 "the server" "$log"
}

stop_background() {
    local pid=$1
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

stop_all_background() {
    local i
    for ((i = ${#BACKGROUND_PIDS[@]} - 1; i >= 0; i--)); do stop_background "${BACKGROUND_PIDS[i]}"; done
    BACKGROUND_PIDS=()
}
