"""Open the school database the way every writer must: WAL, foreign keys, busy timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ejsync.store.writers import Writer, clear_writer, name_writer

BUSY_TIMEOUT_MS = 10_000


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open `path` with WAL, foreign keys and a busy timeout; rows are `sqlite3.Row`."""
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


@contextmanager
def transaction(
    conn: sqlite3.Connection, *, writes: bool = True, writer: Writer | None = None
) -> Iterator[sqlite3.Connection]:
    """Run a block in one transaction: all of it commits or none of it does.

    A writing block takes the write lock at once (IMMEDIATE); a reading block (`writes=False`)
    sees one state of the database throughout and holds no writer up (WAL). `writer` names who
    writes to the store's stamps, rights and audit log (ejsync.store.writers)."""
    conn.execute("BEGIN IMMEDIATE" if writes else "BEGIN")
    try:
        if writer is not None:
            name_writer(conn, writer)
        yield conn
        if writer is not None:
            clear_writer(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
