"""Full and incremental checks give the same violations on the demo school."""

from __future__ import annotations

import random
import shutil
import sqlite3
from contextlib import suppress
from datetime import date, timedelta
from pathlib import Path

import pytest

from ejsync.demo import generate_demo
from ejsync.rules import run_checks
from ejsync.store import connect
from tests.rules.conftest import local, utc

AS_OF = "2026-12-25 10:00"  # the day after Q2's period-mark deadline, before its end


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "school.db"
    generate_demo(path, students=60, seed=3, until=date(2026, 12, 24), progress=False)
    return path


def open_state(conn: sqlite3.Connection) -> set[tuple]:
    return set(conn.execute(
        "SELECT rule, severity, record_table, record_id, student_id, class_id, subject_id,"
        " period_id, responsible_id, due_at, message FROM violations WHERE closed_at IS NULL"))


def journal_day(conn: sqlite3.Connection, rng: random.Random) -> None:
    """What a school day of staff writes looks like: marks, absences, fixes, period marks."""
    lessons = conn.execute(
        "SELECT l.id, l.class_id, l.subject_id, l.subgroup_id, l.date, l.teacher_id FROM lessons l"
        " WHERE l.date BETWEEN '2026-11-23' AND '2026-12-24' ORDER BY random() LIMIT 40"
    ).fetchall()
    for lesson in lessons:
        students = [r[0] for r in conn.execute(
            "SELECT e.student_id FROM enrollments e WHERE e.class_id = ? AND e.from_date <= ?"
            " AND (e.to_date IS NULL OR e.to_date >= ?)", (lesson[1], lesson[4], lesson[4]))]
        student = rng.choice(students)
        created = date.fromisoformat(lesson[4]) + timedelta(days=rng.choice([0, 1, 2, 5]))
        action = rng.choice(["mark", "mark", "absence", "topic", "reason", "period", "homework"])
        with suppress(sqlite3.IntegrityError):  # refused writes (wrong subgroup...) change nothing
            if action == "mark":
                conn.execute(
                    "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                    " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (student, lesson[2], lesson[0], rng.choice("2345"),
                     rng.choice(["answer", "test", "homework"]), lesson[5],
                     utc(f"{created} 15:00")))
            elif action == "absence":
                conn.execute(
                    "INSERT INTO attendance (lesson_id, student_id, created_by, created_at)"
                    " VALUES (?, ?, ?, ?)", (lesson[0], student, lesson[5], utc(f"{created} 12:00")))
            elif action == "topic":
                conn.execute("UPDATE lessons SET topic = ?, control_type = ? WHERE id = ?",
                             (rng.choice(["", "Повторение", "Revision"]),
                              rng.choice(["", "test"]), lesson[0]))
            elif action == "homework":
                conn.execute("UPDATE lessons SET homework = ?, homework_entered_at = ? WHERE id = ?",
                             (rng.choice(["", "§ 12"]), utc(f"{created} 19:00"), lesson[0]))
            elif action == "reason":
                conn.execute(
                    "UPDATE attendance SET code = ?, reason_set_by = (SELECT c.class_teacher_id"
                    " FROM classes c WHERE c.id = ?) WHERE lesson_id = ?",
                    (rng.choice("БУНО"), lesson[1], lesson[0]))
            else:
                conn.execute(
                    "INSERT INTO marks (student_id, subject_id, kind, period_id, value, created_by,"
                    " created_at) VALUES (?, ?, 'period', (SELECT p.id FROM periods p JOIN classes c"
                    " ON c.id = ? WHERE p.code = CASE WHEN c.grade >= 10 THEN 'H1' ELSE 'Q2' END),"
                    " ?, ?, ?)", (student, lesson[2], lesson[1], rng.choice("2345"), lesson[5],
                                  utc("2026-12-24 16:00")))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_equals_full_on_the_demo_school(
    demo_template: Path, tmp_path: Path, seed: int
) -> None:
    path = tmp_path / "school.db"
    shutil.copyfile(demo_template, path)
    conn = connect(path)
    rng = random.Random(seed)
    moment = local(AS_OF)
    run_checks(conn, as_of=moment)
    assert open_state(conn), "the demo school should have open violations to compare"
    moved = 0
    for _ in range(3):
        cursor = conn.execute("SELECT max(id) FROM changes").fetchone()[0]
        journal_day(conn, rng)
        incremental = run_checks(conn, as_of=moment, since_change_id=cursor)
        assert not incremental.full
        moved += incremental.counts["opened"] + incremental.counts["closed"]
        state = open_state(conn)
        full = run_checks(conn, as_of=moment)
        assert full.counts["opened"] == 0 and full.counts["closed"] == 0
        assert open_state(conn) == state
    assert moved > 0, "the writes should have opened or closed violations"
