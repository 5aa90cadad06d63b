"""The register of published builds (the `publications` table): which one readers get.

The current release of a target is the one row without `retired_at`; switching is one
transaction. The gate names the current release to nginx, so a switch reaches every reader
at once; a retired release stays in the store for a grace period and for the newest `keep`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from ejsync.store import transaction
from ejsync.store.clock import stamp

CURRENT_SQL = ("SELECT release FROM publications WHERE retired_at IS NULL"
               " ORDER BY published_at DESC, id DESC LIMIT 1")


@dataclass(frozen=True)
class Release:
    """One published build."""

    target: str
    release: str
    files: int
    bytes: int
    published_at: str
    retired_at: str | None


def current_release(conn: sqlite3.Connection) -> str | None:
    """The release readers are served now (the newest current one of any target)."""
    row = conn.execute(CURRENT_SQL).fetchone()
    return row[0] if row else None


def switch_to(conn: sqlite3.Connection, target: str, release: str, files: int,
              size: int) -> None:
    """Make `release` the target's current one and retire the one before, atomically."""
    now = stamp()
    with transaction(conn):
        conn.execute("UPDATE publications SET retired_at = ? WHERE target = ?"
                     " AND retired_at IS NULL", (now, target))
        conn.execute("INSERT INTO publications (target, release, files, bytes, published_at)"
                     " VALUES (?, ?, ?, ?, ?)", (target, release, files, size, now))


def releases(conn: sqlite3.Connection, target: str) -> list[Release]:
    """The target's releases still in the store, newest first."""
    return [Release(*row) for row in conn.execute(
        "SELECT target, release, files, bytes, published_at, retired_at FROM publications"
        " WHERE target = ? AND deleted_at IS NULL ORDER BY published_at DESC, id DESC",
        (target,))]


def expired(conn: sqlite3.Connection, target: str, *, keep: int, grace: timedelta,
            now: datetime) -> list[Release]:
    """Retired releases beyond the newest `keep`, retired longer than `grace` ago."""
    limit = stamp(now - grace)
    return [r for r in releases(conn, target)[keep:]
            if r.retired_at is not None and r.retired_at <= limit]


def mark_deleted(conn: sqlite3.Connection, target: str, release: str) -> None:
    """Record that the release's objects are gone."""
    with transaction(conn):
        conn.execute("UPDATE publications SET deleted_at = ? WHERE target = ? AND release = ?",
                     (stamp(), target, release))
