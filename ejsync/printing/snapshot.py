"""A consistent in-memory snapshot of the school database as of one instant, and the SHA-256 of
the database it was taken from (the edition source)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ejsync.store.clock import school_today, stamp

AS_OF_SQL = Path(__file__).with_name("sql") / "as_of.sql"


@dataclass
class Snapshot:
    """A read-only moment of the database: every edition of one run reads the same data."""

    conn: sqlite3.Connection
    sha256: str
    as_of: str  # the instant the data stand at, as the store writes instants
    as_of_day: date  # its school date


def take_snapshot(conn: sqlite3.Connection, as_of: datetime) -> Snapshot:
    """Copy the database with the SQLite backup API (one step: a consistent read) into memory,
    then drop from the copy everything entered after `as_of` and every lesson dated after it."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(memory)
    memory.row_factory = sqlite3.Row
    digest = hashlib.sha256(memory.serialize()).hexdigest()
    moment, day = stamp(as_of), school_today(memory, as_of)
    _trim(memory, moment, day)
    return Snapshot(memory, digest, moment, day)


def _trim(memory: sqlite3.Connection, moment: str, day: date) -> None:
    """Run as_of.sql on the private copy; its triggers (hard rules, change log) go first."""
    triggers = [r[0] for r in memory.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    memory.execute("BEGIN")
    for name in triggers:
        memory.execute(f'DROP TRIGGER "{name}"')
    for statement in _statements(AS_OF_SQL.read_text(encoding="utf-8")):
        memory.execute(statement, {"as_of": moment, "day": day.isoformat()})
    memory.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """The statements of a script without its comment lines."""
    text = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in text.split(";") if part.strip()]
