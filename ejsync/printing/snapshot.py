"""A consistent in-memory snapshot of the school database and its SHA-256 (the edition source)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass


@dataclass
class Snapshot:
    """A read-only moment of the database: every edition of one run reads the same data."""

    conn: sqlite3.Connection
    sha256: str


def take_snapshot(conn: sqlite3.Connection) -> Snapshot:
    """Copy the database with the SQLite backup API (one step: a consistent read) into memory."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(memory)
    memory.row_factory = sqlite3.Row
    digest = hashlib.sha256(memory.serialize()).hexdigest()
    return Snapshot(memory, digest)
