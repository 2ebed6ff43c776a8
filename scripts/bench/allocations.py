#!/usr/bin/env python3
"""Heap allocations per request of our server, for a fixed request sequence (stdlib only; run by measure.sh).

    allocations.py BASE_URL SERVER_PID COUNT_FILE RESULTS [REQUESTS]

The server runs with scripts/bench/count-allocations.c preloaded, which writes its allocation count to COUNT_FILE
on SIGUSR2. One user with 20 tasks is set up through the API; then each scenario sends a warm-up of 200 requests
and REQUESTS (default 2,000) more, one after another on one keep-alive connection, and the count is read before
and after those. Appends one JSON line per scenario to RESULTS: {"scenario", "impl": "allocations",
"allocations_per_request", "requests", "non2xx"}. Unlike requests/s, the figure does not move with the neighbours.
"""
import http.client
import json
import os
import signal
import sys
import time
import urllib.parse
import uuid


def read_count(pid: int, path: str) -> int:
    """The server's allocation count now: ask with SIGUSR2 and wait for the file to change."""
    before = os.stat(path).st_mtime_ns if os.path.exists(path) else None
    os.kill(pid, signal.SIGUSR2)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if os.path.exists(path) and os.stat(path).st_mtime_ns != before:
            text = open(path).read().strip()
            if text.isdigit():
                return int(text)
        time.sleep(0.005)
    raise SystemExit(f"allocations.py: the server did not report its count to {path} (preloaded?)")


def main() -> int:
    base, pid, count_file, results = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    requests = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)

    def call(method, path, body=None, headers=None, form=False):
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
            body = body if form else json.dumps(body)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, data

    email, password = f"alloc-{uuid.uuid4().hex}@example.com", "allocation password"
    status, _ = call("POST", "/auth/register", {"email": email, "password": password})
    assert status == 201, status
    status, data = call("POST", "/auth/login", urllib.parse.urlencode({"username": email, "password": password}),
                        form=True)
    assert status == 200, status
    auth = {"Authorization": "Bearer " + json.loads(data)["access_token"]}
    ids = []
    for index in range(20):
        status, data = call("POST", "/tasks", {"title": f"task {index}", "description": "for counting",
                                               "due_at": "2026-12-01T17:00:00Z", "tags": ["work"]}, auth)
        assert status == 201, status
        ids.append(json.loads(data)["id"])

    counter = {"n": 0}

    def update():
        counter["n"] += 1
        body = {"status": "done" if counter["n"] % 2 else "todo", "description": f"update {counter['n']}"}
        return call("PATCH", f"/tasks/{ids[counter['n'] % len(ids)]}", body, auth)

    scenarios = [
        ("me", lambda: call("GET", "/users/me", headers=auth)),
        ("get", lambda: call("GET", f"/tasks/{ids[0]}", headers=auth)),
        ("list", lambda: call("GET", "/tasks?limit=20", headers=auth)),
        ("update", update),
        ("create", lambda: call("POST", "/tasks", {"title": "created", "priority": "high"}, auth)),
    ]
    with open(results, "a") as out:
        for name, send in scenarios:
            for _ in range(200):
                send()
            before = read_count(pid, count_file)
            non2xx = sum(1 for _ in range(requests) if not 200 <= send()[0] < 300)
            after = read_count(pid, count_file)
            line = {"scenario": name, "impl": "allocations", "allocations_per_request": round((after - before) / requests, 1),
                    "requests": requests, "non2xx": non2xx}
            out.write(json.dumps(line) + "\n")
            print(f"allocations.py: {name}: {line['allocations_per_request']} allocations per request", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
