"""One lockout for every login: failures counted per subject (a login, a client) in a window,
then a temporary lock. The gate's family logins and the staff logins share it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from ejsync.store.clock import parse_stamp, stamp


@dataclass(frozen=True)
class Policy:
    """How many failures within `window` lock a subject, and for how long."""

    max_failures: int
    window: timedelta
    lock: timedelta


def locked_until(
    conn: sqlite3.Connection, scope: str, subject: str, now: datetime
) -> datetime | None:
    """When the lock of `subject` ends, if it is locked now."""
    row = conn.execute(
        "SELECT locked_until FROM lockouts WHERE scope = ? AND subject = ?", (scope, subject)
    ).fetchone()
    if row is None or row[0] is None:
        return None
    until = parse_stamp(row[0])
    return until if until > now else None


def record_failure(
    conn: sqlite3.Connection, scope: str, subject: str, policy: Policy, now: datetime
) -> datetime | None:
    """Count one failure; returns the lock end if this failure locks the subject."""
    row = conn.execute(
        "SELECT failures, window_started_at FROM lockouts WHERE scope = ? AND subject = ?",
        (scope, subject),
    ).fetchone()
    if row is None or parse_stamp(row[1]) + policy.window <= now:
        failures, started = 1, now
    else:
        failures, started = row[0] + 1, parse_stamp(row[1])
    until = now + policy.lock if failures >= policy.max_failures else None
    conn.execute(
        "INSERT INTO lockouts (scope, subject, failures, window_started_at, locked_until)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, subject) DO UPDATE SET"
        " failures = excluded.failures, window_started_at = excluded.window_started_at,"
        " locked_until = excluded.locked_until",
        (scope, subject, 0 if until else failures, stamp(started), stamp(until) if until else None),
    )
    return until


def clear(conn: sqlite3.Connection, scope: str, subject: str) -> None:
    """Forget the failures (and any lock) of `subject`: a successful login, a reset."""
    conn.execute("DELETE FROM lockouts WHERE scope = ? AND subject = ?", (scope, subject))
