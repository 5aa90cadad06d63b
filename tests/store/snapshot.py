"""Compare whole databases: a refused write must leave every row as it was."""

from __future__ import annotations

import hashlib
import sqlite3


def table_names(conn: sqlite3.Connection) -> list[str]:
    """User tables of the database, sorted."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def column_names(conn: sqlite3.Connection, table: str) -> list[str]:
    """Columns of `table` in declaration order."""
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def snapshot(conn: sqlite3.Connection) -> dict[str, str]:
    """SHA-256 of every table's rows in rowid order."""
    digests = {}
    for name in table_names(conn):
        digest = hashlib.sha256()
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            digest.update(repr(tuple(row)).encode())
        digests[name] = digest.hexdigest()
    return digests
