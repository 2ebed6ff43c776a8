#!/usr/bin/env python3
"""Aggregate one `make bench` run (stdlib only).

    report.py RUNDIR

RUNDIR holds run.json (written by scripts/bench.sh) and one folder per implementation (scripts/bench/measure.sh):
results.jsonl from run.sh or pg-ceiling.sh, cpu-samples.jsonl from sample-cpu.sh, process.json. Writes
RUNDIR/results.jsonl (one line per implementation and scenario, with CPU µs per request of the server and of
PostgreSQL), RUNDIR/processes.jsonl (start-up and RSS per server) and RUNDIR/report.txt (the tables), and prints
the tables. CPU µs per request = (utime + stime ticks after - before the scenario) / CLK_TCK / requests.
"""
import json
import os
import sys

SCENARIOS = ["me", "get", "list", "update", "create", "mixed"]  # run.sh's order
LISTING = "listing"  # our server on one user with 100,000 tasks (listing.sh); a table of its own
ALLOCATIONS = "allocations"  # heap allocations per request (allocations.py); a table of its own
CLK_TCK = os.sysconf("SC_CLK_TCK")


def read_lines(path: str) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def per_request_us(ticks, requests):
    if ticks is None or not requests:
        return None
    return round(ticks * 1e6 / CLK_TCK / requests, 1)


def http_lines(impl: str, folder: str, run: str) -> list[dict]:
    """run.sh's lines; each scenario's CPU comes from the wrk run of the same scenario."""
    samples = {s["label"]: s for s in read_lines(os.path.join(folder, "cpu-samples.jsonl")) if s["tool"] == "wrk"}
    lines = []
    for r in read_lines(os.path.join(folder, "results.jsonl")):
        s = samples.get(r["scenario"], {})
        lines.append({
            "run": run, "impl": impl, "scenario": r["scenario"], "rps": r["rps"],
            "p50_ms": r["p50_ms"], "p90_ms": r["p90_ms"], "p99_ms": r["p99_ms"], "max_ms": r["max_ms"],
            "requests": r["requests"], "duration_s": r["duration_s"], "connections": r["connections"],
            "non2xx": r["non2xx"], "non2xx_by_status": r["non2xx_by_status"],
            "errors": r["errors"], "socket_errors": r["socket_errors"],
            "server_cpu_us_per_req": per_request_us(s.get("server_ticks"), r["requests"]),
            "postgres_cpu_us_per_req": per_request_us(s.get("postgres_ticks"), r["requests"]),
        })
    return lines


def ceiling_lines(folder: str, run: str) -> list[dict]:
    """pg-ceiling.sh's lines, paired by order with the pgbench runs (it stops at the first failing one)."""
    samples = [s for s in read_lines(os.path.join(folder, "cpu-samples.jsonl")) if s["tool"] == "pgbench"]
    results = read_lines(os.path.join(folder, "results.jsonl"))
    if len(samples) != len(results):
        print(f"report.py: {len(results)} ceiling results but {len(samples)} pgbench CPU samples; CPU left out",
              file=sys.stderr)
        samples = [{}] * len(results)
    lines = []
    for r, s in zip(results, samples):
        lines.append({
            "run": run, "impl": "ceiling", "scenario": r["scenario"], "rps": r["rps"],
            "p50_ms": r["p50_ms"], "p90_ms": r["p90_ms"], "p99_ms": r["p99_ms"], "max_ms": None,
            "requests": r["transactions"], "duration_s": r["duration_s"], "connections": r["clients"],
            "non2xx": 0, "non2xx_by_status": {}, "errors": r["errors"], "socket_errors": None,
            "server_cpu_us_per_req": None,
            "postgres_cpu_us_per_req": per_request_us(s.get("postgres_ticks"), r["transactions"]),
        })
    return lines


def number(value, digits=0, suffix=""):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{suffix}"


def table(rows: list[list[str]], gap="  ") -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        out.append(gap.join(cells).rstrip())
    return "\n".join(out)


def main(rundir: str) -> int:
    with open(os.path.join(rundir, "run.json")) as f:
        meta = json.load(f)
    impls = meta["impls"]
    lines, processes = [], []
    for impl in impls:
        folder = os.path.join(rundir, impl)
        if impl == "ceiling":
            lines += ceiling_lines(folder, meta["run"])
        elif impl == ALLOCATIONS:
            lines += [dict(r, run=meta["run"], errors=0) for r in read_lines(os.path.join(folder, "results.jsonl"))]
        else:
            lines += http_lines(impl, folder, meta["run"])
        processes += read_lines(os.path.join(folder, "process.json"))
    with open(os.path.join(rundir, "results.jsonl"), "w") as f:
        f.writelines(json.dumps(line) + "\n" for line in lines)
    with open(os.path.join(rundir, "processes.jsonl"), "w") as f:
        f.writelines(json.dumps(p) + "\n" for p in processes)

    listing = [line for line in lines if line["impl"] == LISTING]
    allocations = [line for line in lines if line["impl"] == ALLOCATIONS]
    lines_main = [line for line in lines if line["impl"] not in (LISTING, ALLOCATIONS)]
    by = {(line["impl"], line["scenario"]): line for line in lines_main}
    # Columns: the HTTP implementations, then the ceiling twice: plain (one statement) and +user (with the lookup).
    columns = [i for i in impls if i not in ("ceiling", LISTING, ALLOCATIONS)] + (["ceiling", "ceiling+user"] if "ceiling" in impls
                                                                      else [])
    extra = sorted({line["scenario"].removesuffix("+user") for line in lines_main} - set(SCENARIOS))

    def line_for(column: str, scenario: str):
        if column == "ceiling+user":
            return by.get(("ceiling", scenario + "+user"))
        return by.get((column, scenario))

    def rps(column: str, scenario: str):
        line = line_for(column, scenario)
        return line["rps"] if line else None

    def ratio(scenario: str, column: str) -> str:
        ours, theirs = rps("ours", scenario), rps(column, scenario)
        return number(ours / theirs, 2, "×") if ours and theirs else "—"

    report = [f"make bench, run {meta['run']}: {meta['duration']} per scenario, {meta['connections']} connections, "
              f"{meta['cores']} cores; {meta['postgres']}; {meta['wrk']}",
              f"load average (1, 5, 15 min) {meta['load_before']} before, {meta['load_after']} after", ""]
    if lines_main:
        ratio_columns = [("hummingbird", "SOG+HB"), ("fastapi", "FastAPI"), ("ceiling", "ceiling"),
                         ("ceiling+user", "ceiling+user")]
        rows = [["requests/s"] + columns + ["ours/" + label for _, label in ratio_columns]]
        for scenario in SCENARIOS + extra:
            rows.append([scenario] + [number(rps(c, scenario)) for c in columns]
                        + [ratio(scenario, c) for c, _ in ratio_columns])
        report += [table(rows), ""]

        names, header = [""], ["scenario"]
        for column in columns:
            cells = ["p99"] + ([] if column.startswith("ceiling") else ["srv"]) + ["pg"]
            names += [column] + [""] * (len(cells) - 1)
            header += cells
        rows = [names, header]
        for scenario in SCENARIOS + extra:
            row = [scenario]
            for column in columns:
                line = line_for(column, scenario) or {}
                row.append(number(line.get("p99_ms"), 1))
                if not column.startswith("ceiling"):
                    row.append(number(line.get("server_cpu_us_per_req")))
                row.append(number(line.get("postgres_cpu_us_per_req")))
            rows.append(row)
        report += ["p99 latency in ms; CPU time per request in µs of the server (srv) and of PostgreSQL (pg)"]
        report += [table(rows), ""]

    if listing:
        rows = [["GET /tasks, 100,000 tasks", "requests/s", "p50 ms", "p99 ms", "srv µs", "pg µs"]]
        for line in listing:
            rows.append([line["scenario"], number(line["rps"]), number(line["p50_ms"], 2), number(line["p99_ms"], 2),
                         number(line["server_cpu_us_per_req"]), number(line["postgres_cpu_us_per_req"])])
        report += ["Listing: our server, one user with 100,000 tasks, limit=20, "
                   f"{listing[0]['connections']} connections (keyset: page 100 costs what page 1 does)",
                   table(rows), ""]

    if allocations:
        rows = [["heap allocations per request"] + [line["scenario"] for line in allocations]]
        rows.append(["ours"] + [number(line["allocations_per_request"], 1) for line in allocations])
        report += [f"Allocations: our server, one request after another, {allocations[0]['requests']:,} per scenario "
                   "after 200 of warm-up (an LD_PRELOAD counter; the same in every run, whatever the machine does)",
                   table(rows), ""]

    if processes:
        rows = [["server", "start-up ms", "until", "RSS idle MB", "RSS after MB", "after each round MB", "migrate ms"]]
        for p in processes:
            rounds = " / ".join(number(kb / 1024, 1) for kb in p.get("rss_rounds_kb", []))
            rows.append([p["impl"], number(p["startup_ms"], 1), p["startup_probe"], number(p["rss_idle_kb"] / 1024, 1),
                         number(p["rss_after_kb"] / 1024, 1), rounds or "—", number(p["migrate_ms"], 1)])
        report += [table(rows), "(start-up: from launch to the first answer; the peers have no /health, so any "
                   "status counts for them. RSS: the whole process tree; ours runs every scenario BENCH_ROUNDS "
                   "times, default 3, on one process, and only its first round is in the tables above.)", ""]

    problems = [f"{l['impl']} {l['scenario']}: {l['non2xx']} non-2xx {l['non2xx_by_status']}, {l['errors']} errors"
                for l in lines if l["non2xx"] or l["errors"]]
    missing = [i for i in impls if not any(l["impl"] == i for l in lines)]
    problems += [f"{i}: no results (see {os.path.join(rundir, i)})" for i in missing]
    report.append("INVALID — " + "; ".join(problems) if problems else
                  "Every scenario: 0 non-2xx responses, 0 socket errors.")
    text = "\n".join(report) + "\n"
    with open(os.path.join(rundir, "report.txt"), "w") as f:
        f.write(text)
    print(text, end="")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1]))
