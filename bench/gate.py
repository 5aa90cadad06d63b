"""Benchmark of the diary gate: authenticated req/s for a 100 KB diary page.

Measured in one run, over loopback, with wrk (50 connections):
  * plain nginx serving the file with no check (the baseline),
  * nginx + auth_request asking the gate (with the default 1 s auth cache, and with none),
  * the gate alone serving the file from memory;
plus the time of a code verification (pyotp, ±1 step) and of a whole login over HTTP.
Targets: nginx+auth_request >= 50 % of plain nginx; the gate alone >= 3,000 req/s.

    PYTHONPATH=. python bench/gate.py [--duration 10] [--connections 50]
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from measure import peak_rss_mb

from ejsync.access import codes, totp
from ejsync.config import PROJECT_ROOT
from tests.servers import free_port, wait_for_http
from tests.tiny_school import build_tiny_school

PAGE_BYTES = 100 * 1024
NGINX = "/usr/sbin/nginx"
PLAIN_SITE = """
server {{
    listen 127.0.0.1:{port};
    access_log off;
    location /diary/ {{ alias {root}/; }}
}}
"""


def prepare(workdir: Path) -> tuple[Path, Path, Path, str]:
    """A tiny school with a code for family 1 and a 100 KB diary page of its child."""
    db, key_file, root = workdir / "school.db", workdir / "access.key", workdir / "diary"
    school = build_tiny_school(db)
    conn = school.connect()
    token = secrets.token_urlsafe(24)
    conn.execute("INSERT INTO diary_tokens (student_id, token) VALUES (1, ?)", (token,))
    for family_id in (1, 2, 4, 5):
        codes.issue(conn, key_file, family_id)
    conn.close()
    (root / token).mkdir(parents=True)
    filler = "<p>" + "Домашнее задание: упр. 245, 247. " * 40 + "</p>\n"
    page = "<!doctype html><html lang='ru'><meta charset='utf-8'><title>Дневник</title>\n"
    while len(page.encode()) < PAGE_BYTES:
        page += filler
    (root / token / "index.html").write_bytes(page.encode()[:PAGE_BYTES])
    return db, key_file, root, token


@contextmanager
def process(args: list[str], ready: str, env: dict | None = None):
    """Start a server process and stop it afterwards."""
    proc = subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_for_http(ready, process=proc)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def nginx(prefix: Path) -> list[str]:
    """The command running nginx from a standalone prefix."""
    return [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
            "-e", str(prefix / "error.log")]


def ejsync(*args: str) -> None:
    """Run an ejsync command (here: writing an nginx configuration)."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    subprocess.run([sys.executable, "-m", "ejsync", *args], cwd=PROJECT_ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def nginx_config(
    root: Path, gate: str, port: int, prefix: Path, cache: int | None, workers: int
) -> None:
    """An auth_request prefix (cache seconds) or, with cache None, the plain baseline."""
    ejsync("gate", "nginx-config", "--root", str(root), "--gate", gate,
           "--listen", f"127.0.0.1:{port}", "--auth-cache-seconds", str(cache or 0),
           "--output", str(prefix), "--standalone", "--run-as", getpass.getuser(),
           "--workers", str(workers))
    if cache is None:
        (prefix / "ejsync-site.conf").write_text(PLAIN_SITE.format(port=port, root=root))


def wrk(url: str, cookie: str, seconds: int, connections: int) -> float:
    """Requests per second measured by wrk."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", f"Cookie: {cookie}", url],
        capture_output=True, text=True, check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses from {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def verify_time(samples: int = 20_000) -> float:
    """Microseconds per code check with a ±1 step window."""
    secret = totp.new_secret()
    start = time.perf_counter()
    for _ in range(samples):
        totp.matching_step(secret, "000000", last_used_step=None)
    return (time.perf_counter() - start) / samples * 1e6


def login_times(gate_url: str, db: Path, key_file: Path) -> tuple[list[float], list[float], str]:
    """Milliseconds of successful logins (families 1, 2, 4, 5) and of refused ones."""
    from tests.tiny_school import TinySchool

    school, ok, refused, cookie = TinySchool(db), [], [], ""
    with httpx.Client(base_url=gate_url) as client:
        for family_id, login in ((1, "ivanovy"), (2, "petrovy"), (4, "kuznetsovy"),
                                 (5, "smirnovy")):
            conn = school.connect()
            secret = codes.active_secret(conn, key_file, family_id)[1]
            conn.close()
            code = totp.code_at_step(secret, totp.current_step())
            start = time.perf_counter()
            response = client.post("/login", data={"login": login, "code": code})
            ok.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 303, response.text
            if family_id == 1:
                cookie = f"ejsync_session={response.cookies['ejsync_session']}"
            client.cookies.clear()
        for attempt in range(4):
            start = time.perf_counter()
            response = client.post("/login", data={"login": f"nobody{attempt}", "code": "000000"})
            refused.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 401
    return ok, refused, cookie




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--nginx-workers", type=int, default=1, help="worker processes of nginx")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="ejsync-bench-gate-"))
    started = time.perf_counter()
    db, key_file, root, token = prepare(workdir)
    gate_port, plain_port, auth_port, nocache_port = (free_port() for _ in range(4))
    gate_addr = f"127.0.0.1:{gate_port}"
    for prefix, port, cache in (("plain", plain_port, None), ("auth", auth_port, 1),
                                ("nocache", nocache_port, 0)):
        nginx_config(root, gate_addr, port, workdir / prefix, cache, args.nginx_workers)
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    gate_cmd = [sys.executable, "-m", "ejsync", "gate", "--db", str(db), "--root", str(root),
                "--key-file", str(key_file), "--port", str(gate_port)]
    path = f"/diary/{token}/index.html"
    results: dict[str, float] = {}
    with ExitStack() as stack:
        gate = stack.enter_context(process(gate_cmd, f"http://{gate_addr}/login", env))
        for prefix, port in (("plain", plain_port), ("auth", auth_port),
                             ("nocache", nocache_port)):
            stack.enter_context(process(nginx(workdir / prefix), f"http://127.0.0.1:{port}/"))
        ok, refused, cookie = login_times(f"http://{gate_addr}", db, key_file)
        for name, port in (("gate", gate_port), ("plain", plain_port), ("auth", auth_port),
                           ("nocache", nocache_port)):
            check = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"cookie": cookie})
            assert check.status_code == 200 and len(check.content) == PAGE_BYTES, (name, check)
        for name, port in (("plain", plain_port), ("auth", auth_port), ("nocache", nocache_port),
                           ("gate", gate_port)):
            results[name] = wrk(f"http://127.0.0.1:{port}{path}", cookie, args.duration,
                                args.connections)
            print(f"  measured {name}: {results[name]:,.0f} req/s", flush=True)
        gate_rss = peak_rss_mb(gate.pid)
    plain = results["plain"]
    print(f"\nDiary page {PAGE_BYTES // 1024} KB, wrk -t2 -c{args.connections} "
          f"-d{args.duration}s, loopback, {os.cpu_count()} cores, "
          f"nginx workers {args.nginx_workers}, gate: 1 process")
    print(f"{'setup':48} {'req/s':>10} {'vs plain nginx':>15}")
    rows = (("plain nginx, no check (baseline)", "plain"),
            ("nginx + auth_request (1 s auth cache, default)", "auth"),
            ("nginx + auth_request (no auth cache)", "nocache"),
            ("gate alone (files from memory)", "gate"))
    for label, name in rows:
        print(f"{label:48} {results[name]:>10,.0f} {results[name] / plain:>14.0%}")
    print(f"\ncode verification (pyotp, ±1 step): {verify_time():.1f} µs")
    print(f"login over HTTP, accepted: median {statistics.median(ok):.1f} ms (n={len(ok)}); "
          f"refused: median {statistics.median(refused):.1f} ms (n={len(refused)})")
    print(f"gate peak RSS: {gate_rss:.0f} MB; bench peak RSS: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"wall time {time.perf_counter() - started:.0f} s")
    auth_ok = results["auth"] / plain >= 0.5
    gate_ok = results["gate"] >= 3000
    print(f"target nginx+auth_request >= 50 % of plain: {'met' if auth_ok else 'NOT met'}; "
          f"gate alone >= 3,000 req/s: {'met' if gate_ok else 'NOT met'}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
