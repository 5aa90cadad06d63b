"""Lessons the timetable expects: school days of a class between two dates, by subject."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, timedelta


def school_days(conn: sqlite3.Connection, class_id: int, first: str, last: str) -> list[date]:
    """Days the class studies in [first, last]: no Sundays, no Saturdays for a 5-day week,
    no holidays of its grade."""
    grade, week_days, year_id = conn.execute(
        "SELECT grade, week_days, year_id FROM classes WHERE id = ?", (class_id,)
    ).fetchone()
    holidays = conn.execute(
        "SELECT starts_on, ends_on FROM holidays WHERE year_id = ?"
        " AND ? BETWEEN grade_from AND grade_to", (year_id, grade)
    ).fetchall()
    days, day, end = [], date.fromisoformat(first), date.fromisoformat(last)
    while day <= end:
        iso = day.isoformat()
        if day.isoweekday() <= week_days and not any(a <= iso <= b for a, b in holidays):
            days.append(day)
        day += timedelta(days=1)
    return days


def expected_lessons(
    conn: sqlite3.Connection, class_id: int, first: str, last: str
) -> Counter[int]:
    """Lessons per subject the class's timetable puts into [first, last]."""
    slots = conn.execute(
        "SELECT subject_id, weekday, valid_from, valid_to FROM timetable WHERE class_id = ?",
        (class_id,),
    ).fetchall()
    counts: Counter[int] = Counter()
    for day in school_days(conn, class_id, first, last):
        iso = day.isoformat()
        for subject_id, weekday, valid_from, valid_to in slots:
            if weekday == day.isoweekday() and valid_from <= iso <= (valid_to or "9999"):
                counts[subject_id] += 1
    return counts
