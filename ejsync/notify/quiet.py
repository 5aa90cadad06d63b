"""Quiet hours (no e-mail at night, school time) and the daily digest's hour."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ejsync.store.clock import school_timezone


def _setting(conn: sqlite3.Connection, key: str, default: str) -> time:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    try:
        return time.fromisoformat(row[0] if row else default)
    except ValueError:
        return time.fromisoformat(default)


@dataclass(frozen=True)
class Schedule:
    """When e-mail may go: quiet from `quiet_from` to `quiet_to` (local), digest at `digest_at`."""

    tz: ZoneInfo
    quiet_from: time
    quiet_to: time
    digest_at: time

    @classmethod
    def of(cls, conn: sqlite3.Connection) -> Schedule:
        """The school's settings (notify_quiet_from, notify_quiet_to, notify_digest_at)."""
        return cls(school_timezone(conn), _setting(conn, "notify_quiet_from", "21:00"),
                   _setting(conn, "notify_quiet_to", "08:00"),
                   _setting(conn, "notify_digest_at", "18:00"))

    def is_quiet(self, local: time) -> bool:
        """Whether a local time of day lies in the quiet hours (which may span midnight)."""
        if self.quiet_from == self.quiet_to:
            return False
        if self.quiet_from < self.quiet_to:
            return self.quiet_from <= local < self.quiet_to
        return local >= self.quiet_from or local < self.quiet_to

    def next_allowed(self, now: datetime) -> datetime:
        """`now`, or the end of the quiet hours when `now` falls in them (UTC)."""
        local = now.astimezone(self.tz)
        if not self.is_quiet(local.time()):
            return now
        end = datetime.combine(local.date(), self.quiet_to, self.tz)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(UTC)

    def digest_due(self, now: datetime) -> datetime:
        """Today's digest moment (UTC), moved out of the quiet hours if it falls in them."""
        local = now.astimezone(self.tz)
        moment = datetime.combine(local.date(), self.digest_at, self.tz).astimezone(UTC)
        return self.next_allowed(moment)
