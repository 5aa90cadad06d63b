"""School-day calendar and time stamps: local bell times in, UTC `*_at` strings out."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from ejsync.store.clock import school_timezone, stamp_epoch
from ejsync.store.periods import Period

MINUTE = 60
HOUR = 3600
DAY = 86400


# The demo stamps a million rows from a few thousand distinct seconds.
utc_text = lru_cache(maxsize=65536)(stamp_epoch)


def minutes(hhmm: str) -> int:
    """'08:30' → 510."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


class Calendar:
    """The loaded school year: periods, holidays, bells and local time in UTC."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.zone = school_timezone(conn)
        self.periods = [
            Period.from_row(r)
            for r in conn.execute("SELECT * FROM periods ORDER BY starts_on, code")
        ]
        self.holidays = [
            (date.fromisoformat(r["starts_on"]), date.fromisoformat(r["ends_on"]),
             r["grade_from"], r["grade_to"])
            for r in conn.execute("SELECT * FROM holidays")
        ]
        self.bells = {
            r["slot"]: (minutes(r["starts_at"]), minutes(r["ends_at"]))
            for r in conn.execute("SELECT * FROM bell_schedule")
        }
        self.year = next(p for p in self.periods if p.code == "Y")
        self._midnights: dict[date, int] = {}

    def term_of(self, grade: int, day: date) -> Period | None:
        """The quarter or half-year of `grade` containing `day`."""
        for period in self.periods:
            if (period.code != "Y" and period.serves(grade)
                    and period.starts_on <= day <= period.ends_on):
                return period
        return None

    def terms(self, grade: int) -> list[Period]:
        """The quarters (grades 1–9) or half-years (10–11) of `grade`, in order."""
        return [p for p in self.periods if p.code != "Y" and p.serves(grade)]

    def is_holiday(self, grade: int, day: date) -> bool:
        """Whether `day` is a holiday for `grade`."""
        return any(a <= day <= b and g1 <= grade <= g2 for a, b, g1, g2 in self.holidays)

    def school_days(self, grade: int, week_days: int) -> list[date]:
        """Every school day of the year for a class of `grade` learning `week_days` a week."""
        days, day = [], self.year.starts_on
        while day <= self.year.ends_on:
            weekday = day.isoweekday()
            if (weekday <= week_days and self.term_of(grade, day) is not None
                    and not self.is_holiday(grade, day)):
                days.append(day)
            day += timedelta(days=1)
        return days

    def at(self, day: date, minute_of_day: int) -> int:
        """Epoch seconds of a local time (minutes after local midnight) on `day`."""
        midnight = self._midnights.get(day)
        if midnight is None:
            local = datetime(day.year, day.month, day.day, tzinfo=self.zone)
            midnight = int(local.astimezone(UTC).timestamp())
            self._midnights[day] = midnight
        return midnight + minute_of_day * MINUTE
