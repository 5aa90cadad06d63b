"""Classes, periods and school years as print editions need them, with R-PERIODS checks."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from ejsync.errors import UserError
from ejsync.render import ru_date
from ejsync.store.periods import Period

PERIOD_SELECT = (
    "SELECT p.*, y.name AS year_name FROM periods p JOIN academic_years y ON y.id = p.year_id"
)


# Latin letters typed for their Cyrillic twins in class names ('5A' means '5А').
LATIN_TWINS = str.maketrans("ABEKMHOPCTX", "АВЕКМНОРСТХ")


def find_class(conn: sqlite3.Connection, name: str, year_id: int | None = None) -> sqlite3.Row:
    """The class called `name` (of the latest year unless `year_id`), or a Russian error.
    '5а' and a Latin '5A' find '5А'."""
    name = name.strip().upper().translate(LATIN_TWINS)
    row = conn.execute(
        "SELECT c.*, y.name AS year_name FROM classes c JOIN academic_years y ON y.id = c.year_id"
        " WHERE c.name = ? AND (? IS NULL OR c.year_id = ?) ORDER BY y.starts_on DESC LIMIT 1",
        (name, year_id, year_id),
    ).fetchone()
    if row is None:
        names = conn.execute("SELECT name FROM classes ORDER BY grade, name")
        known = ", ".join(r[0] for r in names)
        raise UserError(
            f"Класса «{name}» нет в базе. Укажите класс так, как он записан в журнале"
            f" (русскими буквами): {known or 'классов пока нет'}."
        )
    return row


def period_for_class(conn: sqlite3.Connection, klass: sqlite3.Row, code: str) -> Period:
    """The period `code` of the class's year, refused unless it fits the grade (R-PERIODS)."""
    rows = conn.execute(
        f"{PERIOD_SELECT} WHERE p.year_id = ? ORDER BY p.starts_on, p.code", (klass["year_id"],)
    ).fetchall()
    fitting = [r["code"] for r in rows if r["grade_from"] <= klass["grade"] <= r["grade_to"]
               and r["code"] != "Y"]
    wanted = next((r for r in rows if r["code"] == code.upper()), None)
    band = "четвертям" if any(c.startswith("Q") for c in fitting) else "полугодиям"
    if wanted is None or wanted["code"] not in fitting:
        raise UserError(
            f"R-PERIODS: класс {klass['name']} ({klass['grade']} класс) учится по {band}:"
            f" журнал печатается за {', '.join(fitting)}, а не за «{code}»."
            f" Укажите --period {fitting[0] if fitting else 'Q1'} или другой период из списка."
        )
    return Period.from_row(wanted)


def periods_ending(conn: sqlite3.Connection) -> list[Period]:
    """Every reporting period (not the year) of every school year, by end date."""
    rows = conn.execute(f"{PERIOD_SELECT} WHERE p.code <> 'Y' ORDER BY p.ends_on, p.code")
    return [Period.from_row(r) for r in rows]


def school_year(conn: sqlite3.Connection, start_year: int) -> Period:
    """The whole-year period 'Y' of the school year starting in `start_year`."""
    row = conn.execute(
        f"{PERIOD_SELECT} WHERE p.code = 'Y' AND substr(y.starts_on, 1, 4) = ?", (str(start_year),)
    ).fetchone()
    if row is None:
        raise UserError(
            f"Учебного года, начинающегося в {start_year} году, в базе нет."
            " Укажите --year так: 2026 для 2026/27 учебного года."
        )
    return Period.from_row(row)


def classes_of_period(conn: sqlite3.Connection, period: Period) -> list[sqlite3.Row]:
    """The classes of the period's year whose grade works in this period, by grade and name."""
    return conn.execute(
        "SELECT * FROM classes WHERE year_id = ? AND grade BETWEEN ? AND ? ORDER BY grade, name",
        (period.year_id, period.grade_from, period.grade_to),
    ).fetchall()


def period_by_code(conn: sqlite3.Connection, code: str) -> Period:
    """The period `code` of the latest school year, or a Russian error listing the codes."""
    row = conn.execute(
        f"{PERIOD_SELECT} WHERE p.code = ? AND p.code <> 'Y' ORDER BY y.starts_on DESC LIMIT 1",
        (code.upper(),),
    ).fetchone()
    if row is None:
        raise UserError(
            f"R-PERIODS: периода «{code}» нет. Журналы печатаются за четверти Q1–Q4"
            " (1–9 классы) и полугодия H1–H2 (10–11 классы)."
        )
    return Period.from_row(row)


def penultimate_day(period: Period) -> date:
    """The day before the period's last day: when its paper journal is printed (004 §4.1)."""
    return period.ends_on - timedelta(days=1)


def period_ended(period: Period, as_of_day: date) -> bool:
    """Whether an edition of `period` with data as of `as_of_day` may go to the archive: from the
    penultimate day on (P-PERIOD-PRINT), when the agent prints it."""
    return as_of_day >= penultimate_day(period)


def refuse_unfinished(what: str, period: Period, as_of_day: date) -> UserError:
    """The Russian refusal to print an archive edition of a period that has not ended."""
    return UserError(
        f"P-PERIOD-PRINT: {what}: период «{period.title}» ({ru_date(period.starts_on)} —"
        f" {ru_date(period.ends_on)}) на {ru_date(as_of_day)} ещё не закончен."
        f" Бумажная копия для архива печатается не раньше предпоследнего дня периода —"
        f" {ru_date(penultimate_day(period))} (её печатает агент). Чтобы проверить листы заранее,"
        " добавьте --preliminary: каждый лист будет помечен «ПРЕДВАРИТЕЛЬНАЯ — не для архива»,"
        " и в архив такая копия не попадёт. Ничего не напечатано."
    )
