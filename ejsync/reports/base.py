"""What every report builder gets, and the helpers they share."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from ejsync.profiles import Profile
from ejsync.reports.model import Report, Section
from ejsync.reports.scope import ClassPeriod
from ejsync.rules import marking_days
from ejsync.store.clock import register_clock_functions, stamp

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def load_sql(name: str) -> str:
    """The query `ejsync/reports/sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def register_report_functions(conn: sqlite3.Connection, profile: Profile, timezone: str) -> None:
    """SQL helpers of the report queries: the school clock and `mark_days(grade, work kind)`."""
    register_clock_functions(conn, timezone)
    conn.create_function("mark_days", 2, lambda grade, kind: marking_days(profile, grade, kind),
                         deterministic=True)


@dataclass(frozen=True)
class ReportInput:
    """A report request resolved: classes with their periods, the date, the profile."""

    conn: sqlite3.Connection
    profile: Profile
    timezone: str
    day: date
    classes: list[ClassPeriod]

    def rows(self, name: str, **params: object) -> list[sqlite3.Row]:
        """Rows of `sql/<name>.sql`."""
        return self.conn.execute(load_sql(name), params).fetchall()

    def class_ids(self) -> str:
        """The report's class ids as a JSON array."""
        return json.dumps([c.class_id for c in self.classes])

    def period_ranges(self) -> str:
        """[[class_id, first day, last day up to the report date], ...] as JSON."""
        return json.dumps([
            [c.class_id, c.starts_on, min(c.ends_on, self.day.isoformat())] for c in self.classes
        ])

    def utc_bounds(self, first: date, last: date) -> tuple[str, str]:
        """UTC instants of the start of `first` and of the day after `last`, in school time."""
        zone = ZoneInfo(self.timezone)

        def start(day: date) -> str:
            return stamp(datetime.combine(day, time(0, 0), zone))

        return start(first), start(last + timedelta(days=1))

    def report(self, report_id: str, title: str, source: str, params: dict[str, str],
               sections: list[Section]) -> Report:
        """A Report with the school name and the generation time filled in."""
        school = self.conn.execute("SELECT short_name FROM school").fetchone()
        return Report(
            id=report_id, title=title, source=source, school=school[0] if school else "",
            generated_at=stamp(),
            params=params, sections=sections,
        )

    def class_label(self) -> str:
        """'5А' for one class, 'все классы (N)' for several."""
        if len(self.classes) == 1:
            return self.classes[0].class_name
        return f"все классы ({len(self.classes)})"

    def period_label(self) -> str:
        """The period titles the report covers."""
        return ", ".join(sorted({c.period_title for c in self.classes}))
