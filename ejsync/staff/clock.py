"""UTC instants in the store's format and the school's local date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ejsync.config import DEFAULT_TIMEZONE

STAMP = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    """The current UTC instant."""
    return datetime.now(UTC)


def stamp(moment: datetime | None = None, *, plus: timedelta = timedelta(0)) -> str:
    """A UTC instant as 'YYYY-MM-DDTHH:MM:SSZ' (now when `moment` is None)."""
    return ((moment or utc_now()) + plus).strftime(STAMP)


def parse_stamp(value: str) -> datetime:
    """The inverse of `stamp`."""
    return datetime.strptime(value, STAMP).replace(tzinfo=UTC)


def school_today(timezone: str = DEFAULT_TIMEZONE) -> date:
    """Today's date at the school."""
    return datetime.now(ZoneInfo(timezone)).date()


def local_time(value: str, timezone: str = DEFAULT_TIMEZONE) -> str:
    """A stored UTC instant as the school's local 'HH:MM'."""
    return parse_stamp(value).astimezone(ZoneInfo(timezone)).strftime("%H:%M")
