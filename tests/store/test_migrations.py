"""Migrations are idempotent, upgrade old databases with rows intact, and fail atomically."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from ejsync.config import MIGRATIONS_DIR, PROJECT_ROOT
from ejsync.errors import UserError
from ejsync.store import connect, current_versions, migrate
from ejsync.store.migrate import available_migrations
from ejsync.store.seed import load_school_year
from tests.store.snapshot import column_names, snapshot, table_names


def test_fresh_database_gets_every_migration_and_wal(tmp_path):
    conn = connect(tmp_path / "school.db")
    applied = migrate(conn)
    assert [m.version for m in applied] == [m.version for m in available_migrations()]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_second_run_is_a_no_op(tiny_school):
    conn = tiny_school.connect()
    before = snapshot(conn)
    assert migrate(conn) == []
    assert snapshot(conn) == before


def rows_of(conn, table: str, columns: list[str]) -> list:
    """The rows of `table` over `columns`, in rowid order."""
    selected = ", ".join(f'"{c}"' for c in columns)
    return conn.execute(f'SELECT {selected} FROM "{table}" ORDER BY rowid').fetchall()


def test_old_version_database_upgrades_with_rows_intact(tmp_path):
    conn = connect(tmp_path / "old.db")
    migrate(conn, up_to=1)
    assert current_versions(conn) == {1}
    load_school_year(conn)
    conn.execute("INSERT INTO staff (id, last_name, first_name) VALUES (1, 'Числова', 'Мария')")
    conn.execute("INSERT INTO subjects (id, name, short_name) VALUES (1, 'Математика', 'Матем.')")
    conn.execute("INSERT INTO curriculum (year_id, grade, subject_id, hours_per_week) VALUES (1, 5, 1, 5)")
    conn.execute("INSERT INTO classes (id, year_id, grade, letter, name) VALUES (1, 1, 5, 'А', '5А')")
    conn.execute(
        "INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id, teacher_id)"
        " VALUES (1, 1, '2026-11-16', 1, 1, 1)"
    )
    old_rows = {table: rows_of(conn, table, column_names(conn, table))
                 for table in table_names(conn) if table != "schema_migrations"}

    migrate(conn)

    for table, rows in old_rows.items():
        columns = list(rows[0].keys()) if rows else column_names(conn, table)[:1]
        upgraded = rows_of(conn, table, columns)
        assert [tuple(r) for r in rows] == [tuple(r) for r in upgraded][: len(rows)], table
    assert current_versions(conn) == {m.version for m in available_migrations()}
    # the upgraded database now enforces the hard rules of later migrations
    with pytest.raises(sqlite3.IntegrityError, match="R-PERIODS"):
        conn.execute(
            "INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id,"
            " teacher_id) VALUES (1, 1, '2026-11-22', 2, 1, 1)"
        )


def test_failing_migration_changes_nothing(tmp_path, tiny_school):
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory)
    (directory / "9999_broken.sql").write_text(
        "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n",
        encoding="utf-8",
    )
    conn = tiny_school.connect()
    before = snapshot(conn)
    with pytest.raises(UserError, match="9999_broken.sql"):
        migrate(conn, directory=directory)
    assert snapshot(conn) == before
    assert 9999 not in current_versions(conn)


def test_cli_migrate_twice(tmp_path):
    db = tmp_path / "school.db"
    command = [sys.executable, "-m", "ejsync", "migrate", "--db", str(db)]
    env = {"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"}
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "применена миграция 0001" in first.stdout
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "уже в актуальной версии" in second.stdout
