"""Opening the school database for a command: checked first, a Russian error if it is not sound."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ejsync.errors import UserError
from ejsync.store import connect
from ejsync.store.health import content_problem, file_problem


def open_current(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """The database at `path`, sound and with every migration applied as its file says."""
    return open_school(path, readonly=readonly)


def open_school(path: Path, *, readonly: bool = False, current: bool = True) -> sqlite3.Connection:
    """The database at `path` after the health checks (`current`: migrations too); a Russian
    error, and nothing written, when it is missing, damaged, foreign or not migrated. A command
    that will write gets the whole file checked first; a reading one, its header and schema
    (damage it meets later is explained by the same diagnosis)."""
    check_database(path, current=current, thorough=not readonly)
    return connect(path, readonly=readonly)


def open_for_migration(path: Path) -> sqlite3.Connection:
    """The database `migrate` may create (when no file is there) or upgrade."""
    if path.exists():
        check_database(path, current=False)
    return connect(path)


def check_database(path: Path, *, current: bool, thorough: bool = True) -> None:
    """Raise the diagnosis of the existing database at `path`, if it has one; writes nothing.
    `thorough`: the integrity check of every page too (before a command writes)."""
    problem = file_problem(path)
    if problem is None:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problem = content_problem(conn, path, require_current=current, thorough=thorough)
        finally:
            conn.close()
    if problem:
        raise UserError(problem)
