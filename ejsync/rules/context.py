"""What every checker sees: the connection, the explicit time, the profile, the scope."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from ejsync.grading import round_average, weighted_average
from ejsync.profiles import Profile
from ejsync.rules.finding import Finding
from ejsync.store.clock import register_clock_functions, stamp

SQL_DIR = Path(__file__).resolve().parent / "sql"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")


@cache
def load_sql(name: str) -> str:
    """The query `ejsync/rules/sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def as_utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime (a naive one is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class _WeightedMean:
    """SQLite aggregate `weighted_mean(value, weight)` over `ejsync.grading.weighted_average`."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def step(self, value: str, weight: float) -> None:
        self.marks.append((value, weight))

    def finalize(self) -> float | None:
        return weighted_average(self.marks)


def is_foreign_text(text: str | None) -> int:
    """R-LANGUAGE: 1 when `text` has Latin letters and not one Cyrillic letter."""
    if not text:
        return 0
    return int(bool(LATIN.search(text)) and not CYRILLIC.search(text))


def register_functions(conn: sqlite3.Connection, timezone: str, profile: Profile) -> None:
    """SQL helpers the rule queries use: school time ↔ UTC, averages, profile lookups."""
    threshold = profile["final.forecast_threshold"]
    register_clock_functions(conn, timezone)
    conn.create_function("is_foreign_text", 1, is_foreign_text, deterministic=True)
    conn.create_function("written_days", 1, profile.written_days, deterministic=True)
    conn.create_function("min_marks", 1, profile.min_marks, deterministic=True)
    conn.create_function("period_kind", 1, profile.period_code_kind, deterministic=True)
    conn.create_function("study_weeks", 1, profile.study_weeks, deterministic=True)
    conn.create_function(
        "round_mark",
        1,
        lambda avg: None if avg is None else round_average(avg, threshold),
        deterministic=True,
    )
    conn.create_aggregate("weighted_mean", 2, _WeightedMean)


@dataclass(frozen=True)
class CheckContext:
    """One check run: `as_of` (UTC) decides which deadlines have passed."""

    conn: sqlite3.Connection
    as_of: datetime
    profile: Profile
    timezone: str

    @property
    def now(self) -> str:
        """`as_of` as stored text."""
        return stamp(self.as_of)

    @property
    def today(self) -> date:
        """The school's local date at `as_of`."""
        return self.as_of.astimezone(ZoneInfo(self.timezone)).date()

    def days_ago(self, days: int) -> str:
        """The local date `days` before today, as 'YYYY-MM-DD'."""
        return (self.today - timedelta(days=days)).isoformat()

    def query(self, name: str, **params: object) -> Iterator[sqlite3.Row]:
        """Rows of `sql/<name>.sql` over the scope classes; :now and :today are always bound."""
        bound = {"now": self.now, "today": self.today.isoformat(), **params}
        yield from self.conn.execute(load_sql(name), bound)

    def finding(self, row: sqlite3.Row, rule: str, severity: str, message: str) -> Finding:
        """A finding from a query row holding the standard record columns."""
        keys = row.keys()
        return Finding(
            rule=rule,
            severity=severity,
            record_table=row["record_table"],
            record_id=row["record_id"],
            student_id=row["student_id"] if "student_id" in keys else None,
            class_id=row["class_id"],
            subject_id=row["subject_id"] if "subject_id" in keys else None,
            period_id=row["period_id"] if "period_id" in keys else None,
            responsible_id=row["responsible_id"] if "responsible_id" in keys else None,
            due_at=row["due_at"] if "due_at" in keys else None,
            lesson_id=row["lesson_id"] if "lesson_id" in keys else None,
            message=message,
        )
