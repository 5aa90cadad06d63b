"""School calendar arithmetic of the diary: weeks, periods, holidays, the forecast window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ejsync.render import ru_date
from ejsync.store.periods import Period


@dataclass(frozen=True)
class Holiday:
    """Days without lessons for a band of grades."""

    title: str
    starts_on: date
    ends_on: date
    grade_from: int
    grade_to: int


def monday(day: date) -> date:
    """The Monday of the school week holding `day` (Sunday belongs to the week it ends)."""
    return day - timedelta(days=day.weekday())


def week_mondays(first: date, last: date) -> list[date]:
    """Mondays of every week from the one holding `first` to the one holding `last`."""
    start, end = monday(first), monday(last)
    return [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]


@lru_cache(maxsize=4096)
def day_title(day: date) -> str:
    """'Понедельник, 16 ноября'."""
    return ru_date(day, "EEEE, d MMMM").capitalize()


@lru_cache(maxsize=4096)
def short_date(day: date) -> str:
    """'16.11'."""
    return f"{day.day:02d}.{day.month:02d}"


@lru_cache(maxsize=4096)
def long_date(day: date) -> str:
    """'16 ноября 2026'."""
    return ru_date(day)


@lru_cache(maxsize=1024)
def month_title(day: date) -> str:
    """'Ноябрь 2026'."""
    return ru_date(day, "LLLL y").capitalize()


@lru_cache(maxsize=1024)
def week_title(first: date) -> str:
    """'16–21 ноября 2026' or '30 ноября – 5 декабря 2026' for a week starting `first`."""
    last = first + timedelta(days=5)
    if first.month == last.month:
        return f"{first.day}–{ru_date(last, 'd MMMM y')}"
    if first.year == last.year:
        return f"{ru_date(first, 'd MMMM')} – {ru_date(last, 'd MMMM y')}"
    return f"{ru_date(first, 'd MMMM y')} – {ru_date(last, 'd MMMM y')}"


def holiday_on(day: date, grade: int, holidays: list[Holiday]) -> str:
    """The title of the holiday on `day` for `grade`, or ''."""
    for holiday in holidays:
        if (holiday.starts_on <= day <= holiday.ends_on
                and holiday.grade_from <= grade <= holiday.grade_to):
            return holiday.title
    return ""


def term_periods(periods: list[Period], grade: int) -> list[Period]:
    """The quarters or half-years of `grade`, in order (R-PERIODS), without the year."""
    return [p for p in periods if p.code != "Y" and p.serves(grade)]


def term_of(day: date, grade: int, periods: list[Period]) -> Period | None:
    """The quarter or half-year of `grade` holding `day`."""
    return next((p for p in term_periods(periods, grade) if p.holds(day)), None)


def current_term(today: date, grade: int, periods: list[Period]) -> Period | None:
    """The term holding `today`, else the last one begun, else the first."""
    terms = term_periods(periods, grade)
    begun = [p for p in terms if p.starts_on <= today]
    return term_of(today, grade, periods) or (begun[-1] if begun else (terms[0] if terms else None))


