"""A simulated school day on the 1,000-student demo, against the real servers (issue 8).

Makes the demo school up to the day before, starts the real staff server, agent and gate
(the same `school_services` as `ejsync up`), and over a compressed hour (default 60 s) lets
every teacher with lessons that Friday save each lesson's grid at its slot's moment, while
500 families log in at the gate with their TOTP codes and open their child's diary.
Prints lesson-save latency, commit-to-page latency (the saved homework visible in a marked
student's diary file), gate latency, errors (target: none) and peak memory of each process.
The day is played in several rounds (default 3), each on its own copy of the prepared school,
and each target is judged by the median of the rounds' p95 (this machine's speed drifts).
Run: PYTHONPATH=$PWD python bench/day.py [--students 1000] [--families 500] [--hour 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import shutil
import ssl
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx
from measure import agent_caught_up, peak_rss_mb, percentile, tree_cpu_seconds
from rich.console import Console
from rich.table import Table

from ejsync.demo import generate_demo
from ejsync.diary import incremental_build
from ejsync.family_codes import codes, totp
from ejsync.printing.signing import default_key_path, generate_key
from ejsync.services import Layout, Ports, Supervisor, school_services
from ejsync.staff.accounts import create_account
from ejsync.store import connect
from tests.servers import free_port

DAY = "2026-11-20"  # a Friday of Q2; the demo journal stops the day before
WEEK_PAGE = "week-2026-11-16.html"
PASSWORD = "bench-day-password"
STUDENT_FIELD = re.compile(r'name="mark_(\d+)"')
HIDDEN = re.compile(r'name="(form_token|revision)" value="([^"]*)"')
console = Console()
# A browser drops an idle connection before the server does (uvicorn: after 5 s) or retries on
# a new one; a client that reuses it just as the server closes it gets "server disconnected".
LIMITS = httpx.Limits(keepalive_expiry=2.0)
# One TLS context for every client: httpx builds one per client otherwise, loading the CA
# bundle each time (26 ms of this script's CPU per family, on the cores the servers need).
TLS = ssl.create_default_context()


def prepare(work: Path, students: int, families: int) -> tuple[dict, dict]:
    """The demo school, an account for every teacher with lessons on DAY, family codes."""
    db = work / "school.db"
    started = time.perf_counter()
    generate_demo(db, students=students, until=date(2026, 11, 19), progress=False)
    console.print(f"демо-школа: {students} учеников за {time.perf_counter() - started:.1f} с")
    conn = connect(db)
    slots: dict[int, list[tuple[int, int, bool]]] = {}
    for row in conn.execute(
        "SELECT t.teacher_id, t.id, t.slot, c.grade >= CAST(s.value AS INTEGER)"
        " FROM timetable t JOIN classes c ON c.id = t.class_id"
        " JOIN settings s ON s.key = 'marks_from_grade' WHERE t.weekday = 5 ORDER BY t.slot"
    ):
        slots.setdefault(row[0], []).append((row[1], row[2], bool(row[3])))
    for teacher in slots:
        create_account(conn, teacher, f"day-{teacher}", PASSWORD)
    chosen = conn.execute(
        "SELECT f.id, f.login, MIN(s.id) FROM families f JOIN students s ON s.family_id = f.id"
        " WHERE f.electronic_access = 1 GROUP BY f.id ORDER BY f.id LIMIT ?", (families,)
    ).fetchall()
    key_file = work / "var" / "secrets" / "access.key"
    secrets = {}
    for family_id, login, student_id in chosen:
        issued = codes.issue(conn, key_file, family_id)
        secrets[family_id] = (login, issued.secret, student_id)
    generate_key(default_key_path())  # the agent signs the editions due that day
    incremental_build(conn, work / "build" / "diary", today=date.today())
    conn.close()
    return slots, secrets


def grid_form(page: str, lesson_no: int, rng: random.Random,
              with_marks: bool) -> tuple[dict, int | None]:
    """Topic, homework, marks for about a quarter of the class (if graded), one absence."""
    form = dict(HIDDEN.findall(page))
    homework = f"Задание дня № {lesson_no}"
    form.update(topic=f"Тема урока {lesson_no}", homework=homework, control_type="",
                work_topic="")
    students = [int(s) for s in STUDENT_FIELD.findall(page)]
    marked = rng.sample(students, max(1, len(students) // 4)) if students else []
    if not with_marks:  # grade 1 gets no marks (R-MARK-SCALE); watch the first student's page
        marked = students[:1]
    for student in marked if with_marks else []:
        form[f"mark_{student}"] = rng.choice("2345")
        form[f"work_{student}"] = "answer"
    absent = [s for s in students if s not in marked][:1]  # never the watched student
    for student in absent:
        form[f"absence_{student}"] = "н"
    return form, (marked[0] if marked else None)


async def wait_for_page(path: Path, text: str, since: float, limit: float = 30.0) -> float | None:
    """Seconds from `since` until `path` contains `text` (None if not within `limit`); looks
    every 20 ms, and reads the page only when another file took its name (a rewrite)."""
    seen = None
    while time.perf_counter() - since < limit:
        try:
            stat = path.stat()
            if (stat.st_ino, stat.st_mtime_ns) != seen:
                seen = (stat.st_ino, stat.st_mtime_ns)
                if text in path.read_text(encoding="utf-8"):
                    return time.perf_counter() - since
        except FileNotFoundError:
            pass
        await asyncio.sleep(0.02)
    return None


async def teacher_day(url, teacher, lessons, hour, tokens, diary, results, rng) -> None:
    """Log in, then save each lesson of the day at its slot's moment of the compressed hour."""
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=LIMITS, verify=TLS) as client:
        await client.post("/staff/login", data={"login": f"day-{teacher}", "password": PASSWORD})
        start = results["start"]
        for timetable_id, slot, with_marks in lessons:
            moment = (slot - 1) / 8 * hour + rng.uniform(0, hour / 16)
            await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
            address = f"/staff/lesson?timetable={timetable_id}&date={DAY}"
            page = await client.get(address)
            form, marked = grid_form(page.text, timetable_id, rng, with_marks)
            began = time.perf_counter()
            response = await client.post(address, data=form)
            saved = time.perf_counter()
            results["save"].append(saved - began)
            if response.status_code != 302 or "/staff/lesson/" not in response.headers.get(
                    "location", ""):
                alerts = re.findall(r'role="alert"[^>]*>([^<]+)<', response.text)
                results["errors"].append(
                    f"урок {timetable_id}: HTTP {response.status_code} {alerts[:2]}")
                continue
            if marked is not None:
                page_file = diary / tokens[marked] / WEEK_PAGE
                took = await wait_for_page(page_file, form["homework"], saved)
                if took is None:
                    results["errors"].append(f"урок {timetable_id}: страница не обновилась")
                else:
                    results["page"].append(took)


async def family_visit(url, login, secret, token, moment, results) -> None:
    """At `moment`, log in with the current code and open the diary entry and week page."""
    await asyncio.sleep(max(0.0, results["start"] + moment - time.perf_counter()))
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=LIMITS, verify=TLS) as client:
        for method, path, expect in (
            ("POST", "/login", 303), ("GET", "/", 200), ("GET", f"/diary/{token}/", 200),
            ("GET", f"/diary/{token}/{WEEK_PAGE}", 200),
        ):
            data = ({"login": login, "code": totp.code_at_step(secret, totp.current_step())}
                    if method == "POST" else None)
            began = time.perf_counter()
            response = await client.request(method, path, data=data)
            results["gate"].append(time.perf_counter() - began)
            if response.status_code != expect:
                results["errors"].append(f"семья {login} {path}: HTTP {response.status_code}")
                return


async def simulate(ports: Ports, slots, secrets, tokens, diary: Path, hour: float) -> dict:
    rng = random.Random(7)
    results = {"save": [], "page": [], "gate": [], "errors": [], "start": time.perf_counter()}
    staff_url, gate_url = ports.url(ports.staff), ports.url(ports.gate)
    jobs = [teacher_day(staff_url, t, lessons, hour, tokens, diary, results, random.Random(t))
            for t, lessons in slots.items()]
    jobs += [family_visit(gate_url, login, secret, tokens[student], rng.uniform(0, hour), results)
             for login, secret, student in secrets.values()]
    await asyncio.gather(*jobs)
    results["seconds"] = time.perf_counter() - results["start"]
    return results


def wait_for_agent(db: Path, timeout: float = 600.0) -> float:
    """Seconds until the agent's cursor reaches the last change (its catch-up after start)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if agent_caught_up(db):
            return time.perf_counter() - started
        time.sleep(0.5)
    raise SystemExit("агент не догнал журнал изменений")


def service_cpu(supervisor: Supervisor) -> dict[str, float]:
    """CPU seconds so far of each service with its child processes, and of this script."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = {service.title.split(" (")[0]: tree_cpu_seconds(process.pid)
           for service, process in supervisor.processes}
    return {**cpu, "этот скрипт": usage.ru_utime + usage.ru_stime}


TARGETS = (("запись → страница", "page", 1000), ("шлюз", "gate", 100),
           ("сохранение урока", "save", 200))  # what, results key, p95 limit in ms


def report_round(results: dict, memory: dict[str, float], cpu: dict[str, float],
                 title: str) -> None:
    """One round: latencies, errors, memory and CPU of each process, the machine's load."""
    table = Table(title=f"{title}, {results['seconds']:.0f} с")
    for column in ("что", "n", "p50, мс", "p95, мс", "max, мс"):
        table.add_column(column)
    for what, key in (("сохранение урока", "save"), ("запись → страница дневника", "page"),
                      ("запрос к шлюзу семей", "gate")):
        values = [v * 1000 for v in results[key]]
        table.add_row(what, str(len(values)), f"{percentile(values, 50):.0f}",
                      f"{percentile(values, 95):.0f}", f"{max(values, default=float('nan')):.0f}")
    console.print(table)
    console.print(f"ошибок: {len(results['errors'])}")
    for error in results["errors"][:10]:
        console.print(f"  {error}")
    console.print("пиковая память, МБ: " + ", ".join(f"{k} {v:.0f}" for k, v in memory.items()))
    console.print("CPU за день, с: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))
    console.print(f"нагрузка машины (1 мин): {os.getloadavg()[0]:.1f} на {os.cpu_count()} ядра")


def report_targets(rounds: list[dict]) -> None:
    """Each target by the median of the rounds' p95, with every round's p95 beside it."""
    for title, key, limit in TARGETS:
        p95s = [percentile([v * 1000 for v in results[key]], 95) for results in rounds]
        median = statistics.median(p95s)
        console.print(f"цель: {title} p95 < {limit} мс — "
                      f"{'достигнута' if median < limit else 'НЕ достигнута'} (медиана"
                      f" {median:.0f} мс; по раундам " + ", ".join(f"{v:.0f}" for v in p95s)
                      + " мс)")
    errors = sum(len(results["errors"]) for results in rounds)
    console.print(f"ошибок за все раунды: {errors} (цель: 0)")


def _link_or_copy(source: str, target: str) -> None:
    """A round's copy: pages are replaced by rename, never written into, so they are linked;
    databases (the school's, the diary manifest) are copied."""
    if ".db" in Path(source).name:
        shutil.copy2(source, target)
    else:
        os.link(source, target)


def play_day(work: Path, slots, secrets, tokens, hour: float) -> tuple[dict, dict, dict]:
    """The real services on `work`'s school for one compressed hour: latencies, memory, CPU."""
    os.chdir(work)  # the servers find var/secrets and build/ where `ejsync up` would
    ports = Ports(staff=free_port(), gate=free_port(), site=free_port())
    supervisor = Supervisor(school_services(Layout(Path("school.db")), ports), ports.host,
                            console.print)
    supervisor.start()
    try:
        console.print(f"агент догнал журнал за {wait_for_agent(work / 'school.db'):.1f} с")
        cpu_before = service_cpu(supervisor)
        results = asyncio.run(simulate(ports, slots, secrets, tokens, work / "build" / "diary",
                                       hour))
        cpu = {name: seconds - cpu_before[name]
               for name, seconds in service_cpu(supervisor).items()}
        memory = {service.title.split(" (")[0]: peak_rss_mb(process.pid)
                  for service, process in supervisor.processes}
    finally:
        supervisor.stop()
    memory["этот скрипт"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results, memory, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--families", type=int, default=500)
    parser.add_argument("--hour", type=float, default=60.0, help="длина «часа», с")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ejsync-day-") as tmp:
        base = Path(tmp) / "school"
        (base / "build" / "site").mkdir(parents=True)
        os.chdir(base)  # the keys go to var/secrets here, where the servers look
        slots, secrets = prepare(base, args.students, args.families)
        conn = connect(base / "school.db")
        tokens = dict(conn.execute("SELECT student_id, token FROM diary_tokens").fetchall())
        conn.close()
        rounds = []
        for number in range(1, args.rounds + 1):
            work = Path(tmp) / f"round-{number}"
            shutil.copytree(base, work, copy_function=_link_or_copy)
            results, memory, cpu = play_day(work, slots, secrets, tokens, args.hour)
            report_round(results, memory, cpu, f"Учебный день, раунд {number} из {args.rounds}:"
                                               f" {len(slots)} учителей, {len(secrets)} семей")
            rounds.append(results)
            os.chdir(tmp)
            shutil.rmtree(work)
        report_targets(rounds)


if __name__ == "__main__":
    main()
