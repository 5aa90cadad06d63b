"""The school clock: UTC instants in the store's format, the school's timezone and today.

The one home of these ideas (ARCHITECTURE.md, layer 2): `*_at` columns are UTC instants
'YYYY-MM-DDTHH:MM:SSZ'; dates are school dates in `settings.timezone`.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ejsync.config import DEFAULT_TIMEZONE

STAMP = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    """The current UTC instant."""
    return datetime.now(UTC)


def stamp(moment: datetime | None = None, *, plus: timedelta = timedelta(0)) -> str:
    """An instant as the store writes it (now when `moment` is None; naive means UTC)."""
    moment = moment or utc_now()
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return (moment + plus).strftime(STAMP)


def stamp_epoch(seconds: float) -> str:
    """An epoch time (e.g. `time.time()`) as the store writes instants."""
    return time.strftime(STAMP, time.gmtime(seconds))


def parse_stamp(value: str) -> datetime:
    """A stored instant as an aware UTC datetime (the inverse of `stamp`)."""
    return datetime.strptime(value, STAMP).replace(tzinfo=UTC)


def timezone_name(conn: sqlite3.Connection) -> str:
    """The school's timezone setting (`settings.timezone`), e.g. 'Europe/Moscow'."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    return row[0] if row else DEFAULT_TIMEZONE


def school_timezone(conn: sqlite3.Connection) -> ZoneInfo:
    """The school's timezone."""
    return ZoneInfo(timezone_name(conn))


def school_today(conn: sqlite3.Connection, now: datetime | None = None) -> date:
    """Today's date at the school (at `now` when given)."""
    return (now or utc_now()).astimezone(school_timezone(conn)).date()


def local_time(value: str, timezone: str) -> str:
    """A stored UTC instant as the school's local 'HH:MM'."""
    return parse_stamp(value).astimezone(ZoneInfo(timezone)).strftime("%H:%M")


@lru_cache(maxsize=16384)
def school_utc(timezone: str, day: str, clock: str) -> str:
    """The stored UTC instant of the school's local `day` 'YYYY-MM-DD' at `clock` 'HH:MM'."""
    return stamp(datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(timezone)))


@lru_cache(maxsize=131072)
def school_date(timezone: str, at: str | None) -> str | None:
    """The school's local date 'YYYY-MM-DD' of a stored UTC instant (None stays None)."""
    if at is None:
        return None
    moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(timezone)).date().isoformat()


def register_clock_functions(conn: sqlite3.Connection, timezone: str) -> None:
    """SQL `school_utc(day, clock)` and `school_date(at)` in the school's timezone."""
    conn.create_function("school_utc", 2, lambda day, clock: school_utc(timezone, day, clock),
                         deterministic=True)
    conn.create_function("school_date", 1, lambda at: school_date(timezone, at),
                         deterministic=True)
