"""A journal writer over the tiny school with explicit times, and a check runner."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ejsync.profiles import apply_profile, load_profile
from ejsync.rules import CheckResult, run_checks
from ejsync.store import transaction
from tests.tiny_school import CLASS_5A, MATH, MATH_TEACHER, TinySchool

MOSCOW = ZoneInfo("Europe/Moscow")


def local(moment: str) -> datetime:
    """'2026-11-16 12:01' in school time as an aware datetime."""
    return datetime.fromisoformat(moment).replace(tzinfo=MOSCOW)


def utc(moment: str) -> str:
    """'2026-11-16 12:01' in school time as the store's UTC text."""
    return local(moment).astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


class Journal:
    """Writes journal rows with explicit local times and runs checks at a local moment."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def lesson(self, date: str, slot: int = 4, *, class_id: int = CLASS_5A,
               subject_id: int = MATH, teacher: int = MATH_TEACHER, topic: str = "Тема урока",
               homework: str = "§ 1, № 5", control_type: str = "", work_topic: str = "",
               subgroup_id: int | None = None, created: str | None = None,
               homework_entered: str | None = None) -> int:
        """A lesson entered at `created` (default: 5 minutes into it) with its homework."""
        created_at = utc(created) if created else self.slot_start(date, slot, minutes=5)
        cursor = self.conn.execute(
            "INSERT INTO lessons (class_id, subgroup_id, subject_id, date, slot,"
            " scheduled_teacher_id, teacher_id, topic, homework, control_type, work_topic,"
            " created_by, created_at, homework_entered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (class_id, subgroup_id, subject_id, date, slot, teacher, teacher, topic, homework,
             control_type, work_topic, teacher, created_at,
             utc(homework_entered) if homework_entered else created_at),
        )
        return cursor.lastrowid

    def slot_start(self, date: str, slot: int, minutes: int = 0) -> str:
        start = self.conn.execute(
            "SELECT starts_at FROM bell_schedule WHERE slot = ?", (slot,)
        ).fetchone()[0]
        hours, mins = map(int, start.split(":"))
        total = hours * 60 + mins + minutes
        return utc(f"{date} {total // 60:02d}:{total % 60:02d}")

    def mark(self, student: int, lesson_id: int, value: str = "5", *, work_type: str = "answer",
             created: str, by: int = MATH_TEACHER) -> int:
        subject = self.conn.execute(
            "SELECT subject_id FROM lessons WHERE id = ?", (lesson_id,)
        ).fetchone()[0]
        return self.conn.execute(
            "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (student, subject, lesson_id, value, work_type, by, utc(created)),
        ).lastrowid

    def period_mark(self, student: int, subject: int, period: str, value: str, *,
                    created: str, kind: str = "period", by: int = MATH_TEACHER) -> int:
        period_id = self.period_id(period)
        return self.conn.execute(
            "INSERT INTO marks (student_id, subject_id, kind, period_id, value, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (student, subject, kind, period_id, value, by, utc(created)),
        ).lastrowid

    def period_id(self, code: str) -> int:
        return self.conn.execute("SELECT id FROM periods WHERE code = ?", (code,)).fetchone()[0]

    def use_profile(self, name: str) -> None:
        with transaction(self.conn):
            apply_profile(self.conn, load_profile(name))

    def check(self, moment: str, **kwargs: int | None) -> CheckResult:
        return run_checks(self.conn, as_of=local(moment), **kwargs)

    def open(self, rule: str, table: str | None = None, record_id: int | None = None,
             **columns: int) -> list[sqlite3.Row]:
        """Open violations of `rule`, optionally of one record and matching columns."""
        sql = "SELECT * FROM violations WHERE closed_at IS NULL AND rule = ?"
        params: list[object] = [rule]
        if table is not None:
            sql += " AND record_table = ?"
            params.append(table)
        if record_id is not None:
            sql += " AND record_id = ?"
            params.append(record_id)
        for column, value in columns.items():
            sql += f" AND {column} = ?"
            params.append(value)
        return self.conn.execute(sql, params).fetchall()


@pytest.fixture
def journal(tiny_school: TinySchool) -> Journal:
    """The tiny school, ready to take rows with explicit times."""
    conn = tiny_school.connect()
    yield Journal(conn)
    conn.close()
