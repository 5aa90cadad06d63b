"""Hours planned against hours given for a subject of a class (R-KTP-HOURS, programme completion),
as the paper journal states them under each subject."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from ejsync.store.periods import Period


@dataclass(frozen=True)
class Hours:
    """Lessons of one subject (subgroup) of a class: planned and given."""

    planned: int  # timetable lessons on the period's school days
    given: int  # lessons held in the period (up to the edition's as-of date)
    plan_year: float  # hours of the КТП for the year
    given_year: int  # lessons held since the year began

    @property
    def text(self) -> str:
        """'По расписанию на период — 18 ч, дано — 17 ч; по КТП на год — 68 ч, дано — 34 ч.'"""
        return (f"По расписанию на период — {self.planned} ч, дано — {self.given} ч;"
                f" по КТП на год — {self.plan_year:g} ч, дано с начала года — {self.given_year} ч.")


def _school_days(conn: sqlite3.Connection, period: Period, grade: int) -> list[date]:
    """Days of the period that are not holidays for `grade`."""
    holidays = conn.execute(
        "SELECT starts_on, ends_on FROM holidays WHERE year_id = ? AND ? BETWEEN grade_from"
        " AND grade_to", (period.year_id, grade)).fetchall()
    days, day = [], period.starts_on
    while day <= period.ends_on:
        iso = day.isoformat()
        if not any(start <= iso <= end for start, end in holidays):
            days.append(day)
        day += timedelta(days=1)
    return days


def section_hours(
    conn: sqlite3.Connection, klass: sqlite3.Row, subject_id: int, subgroup_id: int | None,
    period: Period, given: int,
) -> Hours:
    """Planned and given hours of a subject (subgroup) of the class in `period`."""
    slots = conn.execute(
        "SELECT weekday, valid_from, IFNULL(valid_to, '9999-12-31') FROM timetable"
        " WHERE class_id = ? AND subject_id = ? AND IFNULL(subgroup_id, 0) = ?",
        (klass["id"], subject_id, subgroup_id or 0)).fetchall()
    planned = sum(1 for day in _school_days(conn, period, klass["grade"])
                  for weekday, start, end in slots
                  if day.isoweekday() == weekday and start <= day.isoformat() <= end)
    plan_year = conn.execute(
        "SELECT IFNULL(SUM(hours), 0) FROM thematic_plan WHERE class_id = ? AND subject_id = ?"
        " AND IFNULL(subgroup_id, 0) = ?", (klass["id"], subject_id, subgroup_id or 0),
    ).fetchone()[0]
    given_year = conn.execute(
        "SELECT COUNT(*) FROM lessons l JOIN academic_years y ON y.id = ?"
        " WHERE l.class_id = ? AND l.subject_id = ? AND IFNULL(l.subgroup_id, 0) = ?"
        " AND l.date BETWEEN y.starts_on AND ?",
        (klass["year_id"], klass["id"], subject_id, subgroup_id or 0,
         period.ends_on.isoformat()),
    ).fetchone()[0]
    return Hours(planned, given, plan_year, given_year)
