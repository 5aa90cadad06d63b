"""Reference data shipped with ejsync: the school-year calendar and bell schedule."""

from __future__ import annotations

import sqlite3

from ejsync.config import PROJECT_ROOT
from ejsync.store.migrate import split_statements

SEED_DIR = PROJECT_ROOT / "db" / "seed"


def load_school_year(conn: sqlite3.Connection, name: str = "year_2026_27") -> None:
    """Insert the periods, holidays and bell schedule of a shipped school year."""
    for statement in split_statements((SEED_DIR / f"{name}.sql").read_text(encoding="utf-8")):
        conn.execute(statement)
