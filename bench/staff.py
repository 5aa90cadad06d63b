"""Benchmark the staff pages: `desks` (each role's first page, see staff_desks.py) and
`lesson` (40 teachers saving a 30-student grid at once over loopback).

The lesson benchmark:

Builds a school of 40 classes × 30 students (one teacher per class, one lesson each on
2026-11-16), starts the real `ejsync staff` server, logs the 40 teachers in, and in each
round all 40 save their grid at the same moment (topic, homework, 30 marks, 3 absences,
2 comments). Prints p50/p95/max save latency, errors and lost rows, and the ratio against
the baseline measured in the same run: the same save by one teacher alone.
Target: p95 < 300 ms, no errors, no lost rows.
Run: PYTHONPATH=$PWD python bench/staff.py lesson [--teachers 40] [--students 30] [--rounds 5]
     PYTHONPATH=$PWD python bench/staff.py desks [--staff 40] [--rounds 10] [--students 1000]"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import staff_desks
from measure import peak_rss_mb, percentile, tree_cpu_seconds, tree_pids
from rich.console import Console
from rich.table import Table

from ejsync.config import PROJECT_ROOT
from ejsync.services import wait_until_answers
from ejsync.staff.accounts import create_account
from ejsync.store import connect, migrate, transaction
from ejsync.store.seed import load_school_year

LESSON_DATE = "2026-11-16"  # a Monday in Q2
PASSWORD = "bench-password-1"
WORK_TYPES = ["answer", "homework", "independent", "test", "check", "lab", "practical", "quiz"]
LETTERS = "АБВГДЕЖИ"
FAILURES: list[str] = []
HIDDEN = re.compile(r'name="(form_token|revision|rev_\d+)" value="([^"]*)"')


def build_school(path: Path, teachers: int, students: int) -> list[int]:
    """Classes of `students`, each taught maths by its own teacher; returns timetable ids."""
    conn = connect(path)
    migrate(conn)
    with transaction(conn):
        load_school_year(conn)
        conn.execute("INSERT INTO subjects (id, name, short_name) VALUES (1, 'Математика', 'М')")
        for grade in range(5, 12):
            conn.execute(
                "INSERT INTO curriculum (year_id, grade, subject_id, hours_per_week)"
                " VALUES (1, ?, 1, 5)",
                (grade,),
            )
        for n in range(1, teachers + 1):
            grade, letter = 5 + (n - 1) // len(LETTERS), LETTERS[(n - 1) % len(LETTERS)]
            conn.execute(
                "INSERT INTO staff (id, last_name, first_name) VALUES (?, ?, 'Учитель')",
                (n, f"Учитель{n}"),
            )
            conn.execute("INSERT INTO staff_roles (staff_id, role) VALUES (?, 'teacher')", (n,))
            conn.execute(
                "INSERT INTO classes (id, year_id, grade, letter, name) VALUES (?, 1, ?, ?, ?)",
                (n, grade, letter, f"{grade}{letter}"),
            )
            conn.execute(
                "INSERT INTO teaching_assignments (class_id, subject_id, teacher_id)"
                " VALUES (?, 1, ?)",
                (n, n),
            )
            conn.execute(
                "INSERT INTO timetable (id, class_id, subject_id, teacher_id, weekday,"
                " slot, valid_from) VALUES (?, ?, 1, ?, 1, 1, '2026-09-01')",
                (n, n, n),
            )
            for s in range(students):
                student_id = (n - 1) * students + s + 1
                conn.execute(
                    "INSERT INTO students (id, last_name, first_name) VALUES (?, ?, ?)",
                    (student_id, f"Ученик{student_id}", "Имя"),
                )
                conn.execute(
                    "INSERT INTO enrollments (student_id, class_id, from_date)"
                    " VALUES (?, ?, '2026-09-01')",
                    (student_id, n),
                )
    for n in range(1, teachers + 1):
        create_account(conn, n, f"teacher{n}", PASSWORD)
    conn.close()
    return list(range(1, teachers + 1))


def grid(teacher: int, students: int, round_no: int, page: str) -> dict[str, str]:
    """The form one teacher sends: lesson fields and a full class grid."""
    form = dict(HIDDEN.findall(page))
    first = (teacher - 1) * students + 1
    form.update(
        topic=f"Тема {round_no}", homework=f"№ {100 + round_no}", control_type="", work_topic=""
    )
    for student in range(first, first + students):
        form[f"mark_{student}"] = str(2 + (student + round_no) % 4)
        form[f"work_{student}"] = WORK_TYPES[round_no]
    for student in range(first, first + 3):  # the same three are absent in every round
        form[f"absence_{student}"] = "н"
    if round_no == 0:
        form[f"comment_{first + 5}"] = "Молодец"
        form[f"comment_{first + 6}"] = "Не сдал тетрадь"
    return form


async def login(url: str, teacher: int) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=60)
    response = await client.post(
        "/staff/login", data={"login": f"teacher{teacher}", "password": PASSWORD}
    )
    response.raise_for_status() if response.status_code != 302 else None
    return client


def lesson_url(teacher: int, client_lessons: dict[int, int]) -> str:
    lesson_id = client_lessons.get(teacher)
    return (
        f"/staff/lesson/{lesson_id}"
        if lesson_id
        else f"/staff/lesson?timetable={teacher}&date={LESSON_DATE}"
    )


async def save(client, teacher, students, round_no, lessons, ready: asyncio.Barrier):
    """Open the lesson page, wait until every teacher has, send the grid; returns (s, ok)."""
    page = (await client.get(lesson_url(teacher, lessons))).text
    form = grid(teacher, students, round_no, page)
    await ready.wait()
    began = time.perf_counter()
    response = await client.post(lesson_url(teacher, lessons), data=form)
    elapsed = time.perf_counter() - began
    location = response.headers.get("location", "")
    ok = response.status_code == 302 and "/staff/lesson/" in location
    if ok:
        lessons[teacher] = int(location.rsplit("/", 1)[1])
    else:
        found = re.findall(r'role="alert"[^>]*>([^<]+)<', response.text)
        FAILURES.append(f"{response.status_code} учитель {teacher}: {found[:2]}")
    return elapsed, ok


async def run_round(clients, teachers, students, round_no, lessons) -> list[tuple[float, bool]]:
    ready = asyncio.Barrier(len(teachers))
    return await asyncio.gather(
        *(save(clients[t], t, students, round_no, lessons, ready) for t in teachers)
    )




async def bench(url: str, pid: int, teachers: list[int], students: int, rounds: int) -> dict:
    clients = {t: await login(url, t) for t in teachers}
    lessons: dict[int, int] = {}
    # rounds interleaved: the baseline (the first teacher saving alone), then everybody else
    # together, so a machine busy with other work slows both alike; CPU of every worker
    alone, together, cpu = [], [], 0.0
    for r in range(rounds):
        alone.append(await run_round(clients, teachers[:1], students, r, lessons))
        before = tree_cpu_seconds(pid)
        together.append(await run_round(clients, teachers[1:], students, r, lessons))
        cpu += tree_cpu_seconds(pid) - before
    for client in clients.values():
        await client.aclose()
    return {
        "alone": [x for r in alone for x in r],
        "together": [x for r in together for x in r],
        "lessons": lessons,
        "server_cpu": cpu,
    }




def lost_rows(path: Path, lessons: dict[int, int], students: int, rounds: int) -> int:
    """Rows that were answered as saved but are missing from the database."""
    conn = connect(path)
    lost = 0
    for lesson_id in lessons.values():
        marks = conn.execute("SELECT COUNT(*) FROM marks WHERE lesson_id = ?", (lesson_id,))
        absences = conn.execute("SELECT COUNT(*) FROM attendance WHERE lesson_id = ?", (lesson_id,))
        comments = conn.execute("SELECT COUNT(*) FROM comments WHERE lesson_id = ?", (lesson_id,))
        lost += students * rounds - marks.fetchone()[0]
        lost += 3 - absences.fetchone()[0] + 2 - comments.fetchone()[0]
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    benches = parser.add_subparsers(dest="bench", required=True)
    lesson = benches.add_parser("lesson", help="сохранение урока")
    lesson.add_argument("--teachers", type=int, default=40)
    lesson.add_argument("--students", type=int, default=30)
    lesson.add_argument("--rounds", type=int, default=5)
    desks = benches.add_parser("desks", help="рабочие столы ролей")
    desks.add_argument("--staff", type=int, default=40)
    desks.add_argument("--rounds", type=int, default=10)
    desks.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    if args.bench == "desks":
        staff_desks.main(args.staff, args.rounds, args.students)
        return
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "school.db"
        with console.status("строю школу и учётные записи…"):
            teachers = build_school(path, args.teachers + 1, args.students)
        port = 18000 + int(time.time()) % 1000
        url = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "ejsync", "staff", "--db", str(path), "--port", str(port)],
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_answers(url + "/staff/login", server, timeout=60)
            wall = time.perf_counter()
            with console.status("учителя сохраняют уроки…"):
                result = asyncio.run(bench(url, server.pid, teachers, args.students, args.rounds))
            wall = time.perf_counter() - wall
            server_rss = round(max(peak_rss_mb(p) for p in tree_pids(server.pid)))
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()
            errors_log = (Path(tmp) / "server.log").read_text()
            if "Traceback" in errors_log:
                sys.stderr.write(errors_log[-3000:])
        lost = lost_rows(path, result["lessons"], args.students, args.rounds)
    together = [s for s, _ in result["together"]]
    alone = [s for s, _ in result["alone"]]
    errors = sum(not ok for _, ok in result["together"] + result["alone"])
    table = Table(
        title=f"{args.teachers} учителей × {args.students} учеников, "
        f"{args.rounds} раундов одновременного сохранения"
    )
    table.add_column("показатель")
    table.add_column("значение", justify="right")
    p50, p95 = percentile(together, 50), percentile(together, 95)
    base = statistics.median(alone)
    for name, value in (
        ("сохранений одновременно (всего)", f"{len(together)}"),
        ("p50, мс", f"{p50 * 1000:.0f}"),
        ("p95, мс", f"{p95 * 1000:.0f}"),
        ("максимум, мс", f"{max(together) * 1000:.0f}"),
        ("база: один учитель, p50, мс", f"{base * 1000:.0f}"),
        ("p50 / база", f"{p50 / base:.1f}×"),
        ("ошибок", str(errors)),
        ("потеряно строк", str(lost)),
        (
            "CPU сервера на сохранение (с открытием страницы), мс",
            f"{result['server_cpu'] / len(together) * 1000:.1f}",
        ),
        (
            "загрузка машины (loadavg за 1 мин)",
            f"{os.getloadavg()[0]:.1f} на {os.cpu_count()} ядра",
        ),
        ("общее время, с", f"{wall:.1f}"),
        ("пик памяти процесса сервера (VmHWM, наибольший), МиБ", str(server_rss)),
        (
            "пик памяти бенчмарка, МиБ",
            str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024),
        ),
    ):
        table.add_row(name, value)
    console.print(table)
    for failure in FAILURES[:5]:
        console.print(f"[red]ошибка:[/] {failure}")
    verdict = p95 < 0.3 and errors == 0 and lost == 0
    console.print(
        "[green]цель достигнута[/]"
        if verdict
        else "[red]цель НЕ достигнута (p95 < 300 мс, без ошибок и потерь)[/]"
    )


if __name__ == "__main__":
    main()
