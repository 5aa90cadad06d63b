"""How far the replica is behind the school's database, and the status file that tells it.

The lag is the age of the oldest change in the change log that the replica does not hold
yet: a change is held once Litestream has uploaded a file after it. Zero when every change is
up there. `ejsync replicate` writes the newest upload time it sees into a small status file
beside the database every few seconds; the staff desks and `doctor` read it, so the lag keeps
growing on the desks even when replication itself has stopped.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ejsync.files import write_durably
from ejsync.store.clock import stamp

CHANGE_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
WARN_SECONDS = 60
STALE_SECONDS = 30  # a status older than this means `ejsync replicate` is not running


@dataclass(frozen=True)
class Status:
    """What `ejsync replicate` last saw: the newest upload, when it looked, the last error."""

    replica_at: datetime | None
    checked_at: datetime | None
    error: str = ""


@dataclass(frozen=True)
class Lag:
    """The replica's lag in seconds (None: no replica yet) and changes not yet in it."""

    seconds: float | None
    pending: int

    def describe(self) -> str:
        """Russian, for doctor and the desks."""
        if self.seconds is None:
            return f"копии ещё нет: в хранилище не передано ни одного изменения ({self.pending})"
        if self.pending == 0:
            return "копия в хранилище догнала базу (отставание 0 с)"
        return (f"копия отстаёт на {_duration(self.seconds)}: не передано изменений "
                f"{self.pending}")


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} с"
    if seconds < 7200:
        return f"{seconds / 60:.0f} мин"
    return f"{seconds / 3600:.1f} ч"


def status_path(db: Path) -> Path:
    """`db/.school.db-replica.json` for `db/school.db`."""
    return db.parent / f".{db.name}-replica.json"


def read_status(db: Path) -> Status | None:
    """The status file, or None when replication never ran here."""
    path = status_path(db)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    parse = lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")) if v else None  # noqa: E731
    return Status(parse(data.get("replica_at")), parse(data.get("checked_at")),
                  data.get("error", ""))


def write_status(db: Path, status: Status) -> None:
    """Replace the status file in one rename."""
    text = json.dumps({
        "replica_at": status.replica_at.strftime(CHANGE_STAMP) if status.replica_at else None,
        "checked_at": stamp(status.checked_at) if status.checked_at else None,
        "error": status.error,
    }, ensure_ascii=False)
    write_durably(status_path(db), text.encode())


def replica_lag(conn: sqlite3.Connection, replica_at: datetime | None,
                now: datetime | None = None) -> Lag:
    """The lag from the change log's newest end back to the last change before `replica_at`."""
    if replica_at is None:
        return Lag(None, conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0])
    now = now or datetime.now(UTC)
    since = replica_at.astimezone(UTC).strftime(CHANGE_STAMP)[:-4] + "Z"
    oldest, pending = None, 0
    for (at,) in conn.execute("SELECT at FROM changes ORDER BY id DESC"):
        if at <= since:
            break
        oldest, pending = at, pending + 1
    if oldest is None:
        return Lag(0.0, 0)
    first = datetime.fromisoformat(oldest.replace("Z", "+00:00"))
    return Lag(max(0.0, (now - first).total_seconds()), pending)


def is_stale(status: Status, now: datetime | None = None) -> bool:
    """Whether the status is too old for `ejsync replicate` to be running."""
    if status.checked_at is None:
        return True
    return ((now or datetime.now(UTC)) - status.checked_at).total_seconds() > STALE_SECONDS


@dataclass(frozen=True)
class DeskLine:
    """The line the administration's pages show about the replica."""

    text: str
    warn: bool


def desk_line(conn: sqlite3.Connection, db: Path, now: datetime | None = None) -> DeskLine | None:
    """The replica's state in Russian, or None where replication never ran on this machine."""
    status = read_status(db)
    if status is None:
        return None
    now = now or datetime.now(UTC)
    lag = replica_lag(conn, status.replica_at, now)
    parts = []
    if is_stale(status, now):
        parts.append("ejsync replicate не работает"
                     + (f" с {status.checked_at:%d.%m %H:%M} UTC" if status.checked_at else ""))
    if status.error:
        parts.append(status.error)
    warn = bool(parts) or lag.seconds is None or lag.seconds > WARN_SECONDS
    return DeskLine("Копия базы в хранилище: " + "; ".join([*parts, lag.describe()]) + ".", warn)
