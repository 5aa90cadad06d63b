"""Writes generated rows through the real triggers: plain INSERT/UPDATE with executemany."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from ejsync.demo.clock import utc_text

LESSON_COLUMNS = (
    "id", "class_id", "subgroup_id", "subject_id", "date", "slot", "scheduled_teacher_id",
    "teacher_id", "plan_id", "topic", "homework", "control_type", "work_topic", "created_by",
    "created_at", "topic_entered_at", "homework_entered_at",
)
MARK_COLUMNS = (
    "id", "student_id", "subject_id", "kind", "lesson_id", "period_id", "value", "work_type",
    "corrects_id", "correction_reason", "created_by", "created_at",
)
ATTENDANCE_COLUMNS = ("id", "lesson_id", "student_id", "code", "created_by", "created_at")
COMMENT_COLUMNS = (
    "id", "student_id", "lesson_id", "kind", "text", "to_family", "created_by", "created_at",
)
SET_REASON = (
    "UPDATE attendance SET code = ?, reason_set_by = ?, reason_set_at = ? WHERE id = ?"
)


def insert(conn: sqlite3.Connection, table: str, columns: Sequence[str],
           rows: Iterable[Sequence]) -> None:
    """INSERT every row into `table` (the triggers check and log each one)."""
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def with_utc(rows: Iterable[tuple], *positions: int) -> list[tuple]:
    """Rows with the epoch-second values at `positions` turned into UTC text (None stays)."""
    converted = []
    for row in rows:
        values = list(row)
        for position in positions:
            if values[position] is not None:
                values[position] = utc_text(values[position])
        converted.append(tuple(values))
    return converted


def write_lessons(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Lessons; times at created_at, topic_entered_at, homework_entered_at are epoch seconds."""
    insert(conn, "lessons", LESSON_COLUMNS, with_utc(rows, 14, 15, 16))


def write_marks(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Marks, corrections after what they correct; created_at is epoch seconds."""
    insert(conn, "marks", MARK_COLUMNS, with_utc(rows, 11))


def write_attendance(conn: sqlite3.Connection, rows: list[tuple], reasons: list[tuple]) -> None:
    """Absences ('н'), then the reasons the class teacher set later."""
    insert(conn, "attendance", ATTENDANCE_COLUMNS, with_utc(rows, 5))
    conn.executemany(SET_REASON, with_utc(reasons, 2))


def write_comments(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Notes to families; created_at is epoch seconds."""
    insert(conn, "comments", COMMENT_COLUMNS, with_utc(rows, 7))
