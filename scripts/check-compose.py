#!/usr/bin/env python3
"""check-compose.py — validates docker-compose.yml and docker-compose.scale.yml without a container engine.

    python3 scripts/check-compose.py          (needs PyYAML; make test runs it with the contract-test venv)

What `docker compose config` would catch, and what it would not: each file parses; every service has an image or
a build; depends_on, networks and named volumes name things that exist, with valid conditions; bind-mounted files
exist; `${VAR…}` interpolations are well-formed; ports are HOST:CONTAINER; every API service stops with a grace
longer than the server's own (SHUTDOWN_GRACE_SECONDS, 10 s); and the files under deploy/ agree with the services
(nginx upstreams, Prometheus targets, PgBouncer's database host). Exits 1 listing every problem.
"""
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
INTERPOLATION = re.compile(r"\$\{([^}]*)\}")
VALID_INTERPOLATION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-?+])[^}]*)?$")
problems: list[str] = []


def seconds(text: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", str(text))
    if not match:
        return -1
    value, unit = float(match[1]), match[2]
    return value / 1000 if unit == "ms" else value * 60 if unit == "m" else value


def check(path: pathlib.Path) -> dict:
    text = path.read_text()
    for expression in INTERPOLATION.findall(text):
        if not VALID_INTERPOLATION.match(expression):
            problems.append(f"{path.name}: malformed interpolation ${{{expression}}}")
    document = yaml.safe_load(text)
    services = document.get("services") or {}
    if not services:
        problems.append(f"{path.name}: no services")
    for key in document:
        if key not in {"name", "services", "volumes", "networks"} and not key.startswith("x-"):
            problems.append(f"{path.name}: unknown top-level key {key!r}")
    volumes = set(document.get("volumes") or {})
    networks = set(document.get("networks") or {}) | {"default"}
    for name, service in services.items():
        where = f"{path.name}: service {name}"
        if "image" not in service and "build" not in service:
            problems.append(f"{where}: neither image nor build")
        depends = service.get("depends_on") or {}
        for dependency, spec in (depends.items() if isinstance(depends, dict) else ((d, {}) for d in depends)):
            if dependency not in services:
                problems.append(f"{where}: depends on unknown service {dependency}")
            if isinstance(spec, dict) and spec.get("condition", "service_started") not in CONDITIONS:
                problems.append(f"{where}: unknown condition {spec.get('condition')}")
        for network in service.get("networks") or []:
            if network not in networks:
                problems.append(f"{where}: unknown network {network}")
        for mount in service.get("volumes") or []:
            source = str(mount).split(":")[0]
            if source.startswith("./"):
                if not (ROOT / source).exists():
                    problems.append(f"{where}: bind-mounts missing {source}")
            elif source not in volumes:
                problems.append(f"{where}: undeclared volume {source}")
        for port in service.get("ports") or []:
            if not re.fullmatch(r"(\$\{[^}]+\}|\d+):\d+", str(port)):
                problems.append(f"{where}: port {port!r} is not HOST:CONTAINER")
        if service.get("command") == ["serve"]:
            grace = seconds(service.get("stop_grace_period", "10s"))
            if grace <= 10:
                problems.append(f"{where}: stop_grace_period must exceed SHUTDOWN_GRACE_SECONDS (10 s)")
    return services


check(ROOT / "docker-compose.yml")
scale = check(ROOT / "docker-compose.scale.yml")
replicas = {name for name, service in scale.items() if service.get("command") == ["serve"]}
if len(replicas) < 2:
    problems.append("docker-compose.scale.yml: fewer than two API replicas")
upstreams = set(re.findall(r"server\s+([\w-]+):8000", (ROOT / "deploy/nginx/nginx.conf").read_text()))
if upstreams != replicas:
    problems.append(f"deploy/nginx/nginx.conf: upstreams {sorted(upstreams)} are not the replicas {sorted(replicas)}")
prometheus = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
targets = {t.split(":")[0] for job in prometheus["scrape_configs"] for c in job["static_configs"] for t in c["targets"]}
if targets != replicas:
    problems.append(f"deploy/prometheus/prometheus.yml: targets {sorted(targets)} are not the replicas")
bouncer = (ROOT / "deploy/pgbouncer/pgbouncer.ini").read_text()
if "pool_mode = transaction" not in bouncer or not re.search(r"host=(\w+)", bouncer) or re.search(
        r"host=(\w+)", bouncer)[1] not in scale:
    problems.append("deploy/pgbouncer/pgbouncer.ini: not transaction mode, or its database host is no service")
if "GET /ready" not in (ROOT / "Dockerfile").read_text():
    problems.append("Dockerfile: the health check does not ask /ready")

if problems:
    print("\n".join(f"check-compose.py: {p}" for p in problems), file=sys.stderr)
    sys.exit(1)
print(f"check-compose.py: docker-compose.yml and docker-compose.scale.yml are consistent "
      f"({len(scale)} services, replicas {', '.join(sorted(replicas))})")
