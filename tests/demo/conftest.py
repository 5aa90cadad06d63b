"""The 200-student demo school, generated once per test session (real SQLite file)."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from ejsync.demo import DemoSummary, generate_demo

UNTIL = date(2026, 11, 20)
STUDENTS = 200
SEED = 1

# Columns that hold the wall-clock time of the write by design, not generated data:
# changes.at (when the trigger logged the row) and schema_migrations.applied_at.
WALL_CLOCK_COLUMNS = {"changes": {"at"}, "schema_migrations": {"applied_at"}}
# Rows that name this database itself, not the school generated into it (migration 0700).
INSTANCE_ROWS = {"settings": "key NOT IN ('school_uid', 'school_created_at')"}


def table_hashes(path: Path) -> dict[str, str]:
    """SHA-256 of every table's rows (in rowid order), wall-clock columns left out."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        hashes = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                       if r[1] not in WALL_CLOCK_COLUMNS.get(table, set())]
            digest = hashlib.sha256()
            where = f"WHERE {INSTANCE_ROWS[table]}" if table in INSTANCE_ROWS else ""
            for row in conn.execute(
                    f"SELECT {', '.join(columns)} FROM {table} {where} ORDER BY rowid"):
                digest.update(repr(row).encode())
            hashes[table] = digest.hexdigest()
        return hashes
    finally:
        conn.close()


def generate(path: Path, seed: int = SEED) -> DemoSummary:
    """The test-size school at `path`."""
    return generate_demo(path, students=STUDENTS, seed=seed, until=UNTIL, progress=False)


@pytest.fixture(scope="session")
def demo_school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    """(path, summary) of the shared demo school; tests must not write to it."""
    path = tmp_path_factory.mktemp("demo") / "school.db"
    return path, generate(path)


@pytest.fixture
def demo_db(demo_school: tuple[Path, DemoSummary]) -> sqlite3.Connection:
    """A read-only connection to the shared demo school."""
    conn = sqlite3.connect(f"file:{demo_school[0]}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()
