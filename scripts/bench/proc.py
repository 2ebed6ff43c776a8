#!/usr/bin/env python3
"""What `make bench` reads from /proc and the loopback network (stdlib only).

    proc.py ticks PID...      CPU clock ticks (utime + stime) of each PID's process tree, one number a line
    proc.py rss PID           resident set size of PID's process tree in kB
    proc.py tree PID          PID and its descendants, one a line, parents first
    proc.py free-port         a loopback TCP port that was free a moment ago
    proc.py probe URL [--status N] [--timeout S]
                              poll URL every millisecond until it answers (with status N, when given) and
                              print the wall-clock time of that answer in nanoseconds since the epoch

`ticks` counts the live processes of the tree plus, for each, its reaped children (cutime + cstime): a
PostgreSQL backend or a worker that exits during a scenario keeps its CPU time in the total, in its
parent's account. An empty PID or `-` prints `null`, so callers can pass an optional PID through.
"""
import os
import socket
import sys
import time
import http.client
import urllib.parse


def stat_fields(pid: int) -> list[str]:
    """Fields 3.. of /proc/PID/stat; the command name (field 2) may hold spaces and parentheses."""
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    return text[text.rindex(")") + 2:].split()


def parents() -> dict[int, int]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                table[int(entry)] = int(stat_fields(int(entry))[1])  # field 4: ppid
            except (OSError, ValueError):
                pass  # the process exited while we looked
    return table


def tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, ppid in parents().items():
        children.setdefault(ppid, []).append(pid)
    order, queue = [], [root]
    while queue:
        pid = queue.pop(0)
        order.append(pid)
        queue.extend(sorted(children.get(pid, [])))
    return order


def ticks(root: int) -> int:
    total = 0
    for pid in tree(root):
        try:
            f = stat_fields(pid)
        except OSError:
            continue
        # Fields 14-17 of stat (indices 11-14 here): utime, stime, cutime, cstime.
        total += sum(int(v) for v in f[11:15])
    return total


def rss_kb(root: int) -> int:
    total = 0
    for pid in tree(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def probe(url: str, status: int | None, timeout: float) -> int:
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            conn.request("GET", parts.path or "/", headers={"Connection": "close"})
            answer = conn.getresponse().status
            answered = time.time_ns()
            conn.close()
            if status is None or answer == status:
                return answered
        except OSError:
            pass  # not listening yet
        time.sleep(0.001)
    raise SystemExit(f"proc.py: {url} did not answer within {timeout:g}s")


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "ticks":
        for pid in argv[1:]:
            print("null" if pid in ("", "-") else ticks(int(pid)))
    elif len(argv) == 2 and argv[0] == "rss":
        print(rss_kb(int(argv[1])))
    elif len(argv) == 2 and argv[0] == "tree":
        print("\n".join(map(str, tree(int(argv[1])))))
    elif argv == ["free-port"]:
        print(free_port())
    elif len(argv) >= 2 and argv[0] == "probe":
        status, timeout, rest = None, 60.0, argv[2:]
        while rest:
            option, value, rest = rest[0], rest[1], rest[2:]
            if option == "--status":
                status = int(value)
            elif option == "--timeout":
                timeout = float(value)
            else:
                raise SystemExit(f"proc.py: unknown option {option}")
        print(probe(argv[1], status, timeout))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
