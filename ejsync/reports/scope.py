"""What a report is about: its classes, the period of each, and the date it is as of."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ejsync.errors import UserError
from ejsync.profiles import Profile


@dataclass(frozen=True)
class ClassPeriod:
    """A class and the period the report covers for it."""

    class_id: int
    class_name: str
    period_id: int
    period_code: str
    period_title: str
    starts_on: str
    ends_on: str


def parse_day(text: str | None, timezone: str) -> date:
    """A report date: 'YYYY-MM-DD' (or an ISO datetime); today in school time when None."""
    if text is None:
        return datetime.now(ZoneInfo(timezone)).date()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError as exc:
        raise UserError(f"«{text}» — не дата; укажите --as-of в виде ГГГГ-ММ-ДД.") from exc


def classes_of(conn: sqlite3.Connection, class_name: str | None) -> list[sqlite3.Row]:
    """The classes a report covers (all when `class_name` is None), by grade and letter."""
    rows = conn.execute(
        "SELECT id, name, grade, year_id FROM classes"
        " WHERE ? IS NULL OR name = ? ORDER BY grade, letter", (class_name, class_name)
    ).fetchall()
    if class_name is not None and not rows:
        known = ", ".join(r[0] for r in conn.execute("SELECT name FROM classes ORDER BY grade"))
        raise UserError(f"Класс «{class_name}» не найден. Есть классы: {known}.")
    return rows


def period_for(
    conn: sqlite3.Connection, profile: Profile, klass: sqlite3.Row, code: str | None, day: date
) -> sqlite3.Row | None:
    """The class's period `code`, or (None) the one running on `day`, else the last ended."""
    kind = profile.period_code_kind(klass["grade"])
    rows = conn.execute(
        "SELECT id, code, title, starts_on, ends_on FROM periods WHERE year_id = ?"
        " AND ? BETWEEN grade_from AND grade_to ORDER BY starts_on, code",
        (klass["year_id"], klass["grade"]),
    ).fetchall()
    if code is not None:
        return next((p for p in rows if p["code"] == code), None)
    own = [p for p in rows if p["code"][0] == kind]
    running = [p for p in own if p["starts_on"] <= day.isoformat() <= p["ends_on"]]
    ended = [p for p in own if p["ends_on"] < day.isoformat()]
    return (running or ended[-1:] or own[:1] or [None])[0]


def resolve(
    conn: sqlite3.Connection, profile: Profile, class_name: str | None, code: str | None,
    day: date,
) -> list[ClassPeriod]:
    """Classes with their period; a single class without such a period is a Russian error."""
    found = []
    for klass in classes_of(conn, class_name):
        period = period_for(conn, profile, klass, code, day)
        if period is None:
            if class_name is not None:
                raise UserError(
                    f"У класса {klass['name']} нет периода {code}: 1–9 классы учатся по "
                    "четвертям (Q1–Q4), 10–11 — по полугодиям (H1, H2); год — Y."
                )
            continue
        found.append(ClassPeriod(
            klass["id"], klass["name"], period["id"],
            period["code"], period["title"], period["starts_on"], period["ends_on"],
        ))
    return found
