"""The school clock: UTC instants in the store's format, the school's timezone and today.

The one home of these ideas (ARCHITECTURE.md, layer 2): `*_at` columns are UTC instants
'YYYY-MM-DDTHH:MM:SSZ'; dates are school dates in `settings.timezone`.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
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
