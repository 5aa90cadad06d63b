"""What other packages may ask the rules for, without their tables: each student's standing in
a period (marks, average, forecast, period mark) and the days a mark may take."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from ejsync.profiles import Profile
from ejsync.rules.context import load_sql
from ejsync.rules.engine import PREPARED_TABLES, context_for, fill_scope, prepare
from ejsync.rules.scope import Scope
from ejsync.store.clock import school_timezone


@dataclass(frozen=True)
class Standing:
    """A student's standing in a subject for a period."""

    class_id: int
    class_name: str
    grade: int
    student_id: int
    student_name: str
    subject_id: int
    subject_name: str
    period_id: int
    marks: int
    written: int
    average: float | None
    forecast: int | None
    period_mark: str | None


def period_standing(conn: sqlite3.Connection, day: date,
                    class_periods: Sequence[tuple[int, int]]) -> list[Standing]:
    """Every (student, subject) owing a mark in each (class id, period id), as of the end of
    `day` in school time, by grade, class, student and subject."""
    ctx = context_for(conn, datetime.combine(day, time(23, 59), school_timezone(conn)))
    fill_scope(conn, Scope(classes={class_id for class_id, _ in class_periods}))
    prepare(ctx, with_year=True)
    try:
        rows = conn.execute(load_sql("standing"), {"periods": json.dumps(
            [list(pair) for pair in class_periods])}).fetchall()
    finally:
        for table in PREPARED_TABLES:
            conn.execute(f"DELETE FROM temp.{table}")
    return [Standing(r["class_id"], r["class_name"], r["grade"], r["student_id"],
                     r["student_name"], r["subject_id"], r["subject_name"], r["period_id"],
                     r["marks"], r["written"], r["average"], r["forecast"], r["period_mark"])
            for r in rows]


def marking_days(profile: Profile, grade: int, work_kind: str) -> int:
    """Days after the lesson day a mark of this work kind may still be entered: R-MARK-WRITTEN
    for written works (by grade), R-MARK-ORAL for every other kind."""
    oral = profile["deadlines.oral_days"]
    if work_kind == "written":
        written = profile.written_days(grade)
        return oral if written is None else written
    return oral
