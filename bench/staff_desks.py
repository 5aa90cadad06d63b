"""The desks under load: each role's first page after login with the 1,000-student demo school.

Generates the demo school (`ejsync demo --students 1000`, then `ejsync check --full` so the
desks have the demo's violations), gives 40 staff members of every role
an account, starts the real `ejsync staff` server and, in every round, first lets each of them
open the desk alone, one after another (the baseline: no concurrency), then all 40 at the same
moment. Rounds interleave the two, so both see the same warm or cold machine. Every answer is
compared with the same person's desk answered alone (equal output). Prints p50/p95/max of the
concurrent loads, the baseline per role and the ratio. Target: p95 < 300 ms with 40 staff.
Run: PYTHONPATH=$PWD python bench/staff.py desks [--staff 40] [--rounds 10] [--students 1000]"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from measure import percentile, tree_cpu_seconds
from rich.console import Console
from rich.table import Table

from ejsync.config import PROJECT_ROOT
from ejsync.services import wait_until_answers
from ejsync.staff.accounts import create_account, reset_password
from ejsync.store import connect
from ejsync.store.rights import ROLE_TITLES

PASSWORD = "bench-password-1"
ROLE_ORDER = ("admin", "director", "deputy", "secretary", "class_teacher", "teacher")
CONTENT = re.compile(r'<section class="content">(.*)</section>', re.S)


def choose_staff(conn, count: int) -> list[tuple[int, str]]:
    """(staff id, main role) of `count` staff: every admin, director, deputy and secretary,
    then class teachers and teachers in turn."""
    by_role: dict[str, list[int]] = {role: [] for role in ROLE_ORDER}
    taken: set[int] = set()
    for role in ROLE_ORDER:
        for (staff_id,) in conn.execute(
                "SELECT staff_id FROM staff_roles WHERE role = ? ORDER BY staff_id", (role,)):
            if staff_id not in taken:
                by_role[role].append(staff_id)
                taken.add(staff_id)
    chosen = [(s, r) for r in ROLE_ORDER[:4] for s in by_role[r]]
    rest = [by_role["class_teacher"], by_role["teacher"]]
    while len(chosen) < count and any(rest):
        for group, role in zip(rest, ("class_teacher", "teacher"), strict=True):
            if group and len(chosen) < count:
                chosen.append((group.pop(0), role))
    return chosen[:count]


def prepare(work: Path, students: int, count: int, console: Console) -> tuple[Path, list]:
    """The demo school with accounts for the chosen staff."""
    db = work / "school.db"
    with console.status(f"генерирую демонстрационную школу на {students} учеников…"):
        subprocess.run([sys.executable, "-m", "ejsync", "demo", "--students", str(students),
                        "--db", str(db), "--force"], cwd=PROJECT_ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    with console.status("проверяю журнал (ejsync check --full): нарушения для рабочих столов…"):
        checked = subprocess.run([sys.executable, "-m", "ejsync", "check", "--full", "--db",
                                  str(db)], cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
    if checked.returncode not in (0, 1):  # 1: violations were found, as in the demo
        raise SystemExit(f"ejsync check завершилась с кодом {checked.returncode}")
    conn = connect(db)
    staff = choose_staff(conn, count)
    existing = {row[0] for row in conn.execute("SELECT staff_id FROM staff_account_states"
                                               " WHERE login IS NOT NULL")}
    for staff_id, _ in staff:
        if staff_id not in existing:
            create_account(conn, staff_id, f"bench{staff_id}", PASSWORD)
        else:
            conn.execute("UPDATE staff_accounts SET login = ? WHERE staff_id = ?",
                         (f"bench{staff_id}", staff_id))
            reset_password(conn, staff_id=staff_id, password=PASSWORD)
    conn.close()
    return db, staff


def fingerprint(html: str) -> str:
    """The desk's content, without the timing line of the footer."""
    found = CONTENT.search(html)
    return hashlib.sha256((found.group(1) if found else html).encode()).hexdigest()


async def open_desk(client: httpx.AsyncClient, ready: asyncio.Barrier | None):
    if ready is not None:
        await ready.wait()
    began = time.perf_counter()
    response = await client.get("/staff/")
    return time.perf_counter() - began, response.status_code, fingerprint(response.text)


async def run(url: str, pid: int, staff: list, rounds: int) -> dict:
    clients = []
    for staff_id, _ in staff:
        client = httpx.AsyncClient(base_url=url, timeout=60)
        answer = await client.post("/staff/login",
                                   data={"login": f"bench{staff_id}", "password": PASSWORD})
        if answer.status_code != 302:
            raise SystemExit(f"вход bench{staff_id} не удался: {answer.status_code}")
        clients.append(client)
    alone, together, mismatches, errors = [], [], 0, 0
    expected: dict[int, str] = {}
    cpu = 0.0
    for _ in range(rounds):
        for i, client in enumerate(clients):  # baseline: one at a time
            elapsed, status, digest = await open_desk(client, None)
            errors += status != 200
            expected.setdefault(i, digest)
            mismatches += digest != expected[i]
            alone.append((staff[i][1], elapsed))
        before = tree_cpu_seconds(pid)
        ready = asyncio.Barrier(len(clients))
        results = await asyncio.gather(*(open_desk(c, ready) for c in clients))
        cpu += tree_cpu_seconds(pid) - before
        for i, (elapsed, status, digest) in enumerate(results):
            errors += status != 200
            mismatches += digest != expected[i]
            together.append(elapsed)
    for client in clients:
        await client.aclose()
    return {"alone": alone, "together": together, "mismatches": mismatches, "errors": errors,
            "cpu": cpu}


def report(console: Console, staff: list, rounds: int, result: dict) -> None:
    together = result["together"]
    alone_all = [t for _, t in result["alone"]]
    p50, p95 = percentile(together, 50), percentile(together, 95)
    base = statistics.median(alone_all)
    table = Table(title=f"Рабочие столы: {len(staff)} сотрудников одновременно, {rounds} раундов")
    table.add_column("показатель")
    table.add_column("значение", justify="right")
    for name, value in (
        ("открытий рабочего стола одновременно (всего)", str(len(together))),
        ("p50, мс", f"{p50 * 1000:.0f}"),
        ("p95, мс", f"{p95 * 1000:.0f}"),
        ("максимум, мс", f"{max(together) * 1000:.0f}"),
        ("база: по одному, p50, мс", f"{base * 1000:.1f}"),
        ("база: по одному, p95, мс", f"{percentile(alone_all, 95) * 1000:.1f}"),
        ("p50 одновременно / база", f"{p50 / base:.1f}×"),
        ("ответы, отличные от ответа по одному", str(result["mismatches"])),
        ("ошибок", str(result["errors"])),
        ("CPU сервера на одно открытие, мс", f"{result['cpu'] / len(together) * 1000:.1f}"),
        ("загрузка машины (loadavg за 1 мин)", f"{os.getloadavg()[0]:.1f} на {os.cpu_count()} ядра"),
    ):
        table.add_row(name, value)
    console.print(table)
    roles = Table(title="База по ролям (по одному, медиана)")
    roles.add_column("рабочий стол")
    roles.add_column("сотрудников", justify="right")
    roles.add_column("мс", justify="right")
    for role in ROLE_ORDER:
        times = [t for r, t in result["alone"] if r == role]
        if times:
            roles.add_row(ROLE_TITLES[role], str(len(times) // rounds),
                          f"{statistics.median(times) * 1000:.1f}")
    console.print(roles)
    ok = p95 < 0.3 and not result["errors"] and not result["mismatches"]
    console.print("[green]цель достигнута[/]" if ok else
                  "[red]цель НЕ достигнута (p95 < 300 мс, без ошибок, ответы как по одному)[/]")


def main(staff_count: int, rounds: int, students: int) -> None:
    """Prepare, serve, measure, print."""
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        db, staff = prepare(Path(tmp), students, staff_count, console)
        port = 18000 + int(time.time()) % 1000
        url = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(  # the default: one worker process per core, at most two
            [sys.executable, "-m", "ejsync", "staff", "--db", str(db), "--port", str(port)],
            cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_answers(url + "/staff/login", server, timeout=60)
            with console.status(f"{len(staff)} сотрудников открывают рабочие столы…"):
                result = asyncio.run(run(url, server.pid, staff, rounds))
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()
            errors_log = (Path(tmp) / "server.log").read_text()
            if "Traceback" in errors_log:
                sys.stderr.write(errors_log[-3000:])
    report(console, staff, rounds, result)
