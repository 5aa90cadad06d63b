"""Benchmark of the rule checks on a 1,000-student full-year demo school.

Prints: full check wall and CPU time and peak memory (targets: < 10 s, < 500 MB), the incremental
check of one new mark (target: < 50 ms) and of one lesson save (topic, homework, marks for a
quarter of the class, an absence: what the agent checks after each save), and ratios against
baselines measured in the same run: one plain pass over every mark with its lesson (the least a
full check must read) for the full check, and the full check for the incremental one.

    PYTHONPATH=$PWD python bench/check.py [--db PATH] [--students 1000] [--marks 20]

Without --db the demo school is generated first (`ejsync demo`, about a minute).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build import lesson_saves, save_lesson  # noqa: E402
from ejsync.rules import run_checks  # noqa: E402
from ejsync.store import connect  # noqa: E402

AS_OF = datetime(2027, 5, 26, 18, 0, tzinfo=ZoneInfo("Europe/Moscow"))
LESSON_WEEK = "2027-05-20"  # the lessons saved: of the week up to this day
console = Console()


def timed(action):
    """(result, wall seconds, CPU seconds) of `action()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def demo_school(students: int, directory: Path) -> Path:
    """Generate the full-year demo school with the real command."""
    path = directory / "school.db"
    console.print(f"Создаю демо-школу: {students} учеников, учебный год до 26.05.2027…")
    subprocess.run(
        [sys.executable, "-m", "ejsync", "demo", "--students", str(students), "--seed", "1",
         "--until", "2027-05-26", "--db", str(path)],
        check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
    )
    return path


def baseline_scan(conn) -> int:
    """Read every mark with its lesson's class and date once."""
    return conn.execute(
        "SELECT count(*), max(l.date), sum(length(m.value)) FROM marks m"
        " JOIN lessons l ON l.id = m.lesson_id"
    ).fetchone()[0]


def new_marks(conn, count: int) -> list[tuple]:
    """`count` (student, subject, lesson, teacher) of the last week with no answer mark yet."""
    return conn.execute(
        "SELECT e.student_id, l.subject_id, l.id, l.teacher_id FROM lessons l"
        " JOIN enrollments e ON e.class_id = l.class_id AND e.to_date IS NULL"
        " JOIN classes c ON c.id = l.class_id AND c.grade >= 2"
        " WHERE l.subgroup_id IS NULL AND l.date >= '2027-05-19' AND NOT EXISTS ("
        "   SELECT 1 FROM marks m WHERE m.lesson_id = l.id AND m.student_id = e.student_id"
        "   AND m.work_type = 'answer')"
        " ORDER BY l.id, e.student_id LIMIT ?", (count,)
    ).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="готовая демо-школа (копируется, не меняется)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--marks", type=int, default=20, help="сколько раз мерить одну отметку")
    parser.add_argument("--rounds", type=int, default=3, help="раундов полной проверки")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "bench.db"
        source = args.db or demo_school(args.students, Path(tmp))
        shutil.copyfile(source, work)
        conn = connect(work)
        sizes = conn.execute(
            "SELECT (SELECT count(*) FROM students), (SELECT count(*) FROM lessons),"
            " (SELECT count(*) FROM marks), (SELECT count(*) FROM attendance)").fetchone()
        console.print(f"Школа: {sizes[0]} учеников, {sizes[1]} уроков, {sizes[2]} отметок, "
                      f"{sizes[3]} пропусков.")

        bases, fulls = [], []
        for _ in range(args.rounds):  # interleaved: a busy machine slows both alike
            bases.append(timed(lambda: baseline_scan(conn))[1:])
            result, *figures = timed(lambda: run_checks(conn, as_of=AS_OF))
            fulls.append(figures)
            if len(fulls) == 1:
                opened = result.counts["opened"]
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        full_wall = statistics.median(w for w, _ in fulls)
        full_cpu = [c for _, c in fulls]
        base_cpu = [c for _, c in bases]
        console.print(
            f"Полная проверка ({args.rounds} раунда): по часам мин. {min(w for w, _ in fulls):.2f}"
            f" с, медиана {full_wall:.2f} с; процессор мин. {min(full_cpu):.2f} с, медиана"
            f" {statistics.median(full_cpu):.2f} с; пик памяти {peak_mb:.0f} МБ; открыто"
            f" нарушений {opened}. Цель: < 10 с, < 500 МБ.")
        console.print(
            f"  база сравнения — один проход по всем отметкам: процессор мин."
            f" {min(base_cpu):.3f} с; полная проверка = "
            f"{statistics.median(f / b for f, b in zip(full_cpu, base_cpu, strict=True)):.0f}×"
            f" прохода (медиана по раундам).")

        timings, cpu_timings = [], []
        for student, subject, lesson, teacher in new_marks(conn, args.marks):
            cursor = conn.execute("SELECT max(id) FROM changes").fetchone()[0]
            conn.execute(
                "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                " created_by, created_at) VALUES (?, ?, ?, '4', 'answer', ?,"
                " '2027-05-26T12:00:00Z')", (student, subject, lesson, teacher))
            incremental, wall, cpu = timed(
                lambda cursor=cursor: run_checks(conn, as_of=AS_OF, since_change_id=cursor))
            assert not incremental.full and incremental.classes == 1
            timings.append(wall)
            cpu_timings.append(cpu)
        median = statistics.median(timings)
        console.print(
            f"Проверка по изменениям (одна новая отметка, {len(timings)} замеров): медиана "
            f"{median * 1000:.1f} мс, максимум {max(timings) * 1000:.1f} мс, процессор "
            f"{statistics.median(cpu_timings) * 1000:.1f} мс; цель < 50 мс; "
            f"= {full_wall / median:.0f}× быстрее полной проверки.")

        saves, save_cpu = [], []
        for number, lesson in enumerate(lesson_saves(work, LESSON_WEEK, args.marks)):
            cursor = conn.execute("SELECT max(id) FROM changes").fetchone()[0]
            save_lesson(work, lesson, number, random.Random(number))
            _, wall, cpu = timed(
                lambda cursor=cursor: run_checks(conn, as_of=AS_OF, since_change_id=cursor))
            saves.append(wall)
            save_cpu.append(cpu)
        console.print(
            f"Проверка по изменениям (сохранение урока: тема, задание, отметки четверти класса,"
            f" пропуск; {len(saves)} замеров): медиана {statistics.median(saves) * 1000:.1f} мс,"
            f" максимум {max(saves) * 1000:.1f} мс, процессор"
            f" {statistics.median(save_cpu) * 1000:.1f} мс.")

        again, wall, _ = timed(lambda: run_checks(conn, as_of=AS_OF))
        same = again.counts["opened"] == 0 and again.counts["closed"] == 0
        console.print(f"Полная проверка после изменений: {wall:.2f} с; совпадает с проверкой по "
                      f"изменениям: {'да' if same else 'НЕТ'}.")
        console.print(f"Нагрузка машины (1 мин): {os.getloadavg()[0]:.1f} на {os.cpu_count()} ядра.")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
