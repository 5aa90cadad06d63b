"""Versioned migrations: `db/migrations/NNNN_name.sql`, each applied once, in order."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ejsync.config import MIGRATIONS_DIR
from ejsync.errors import UserError
from ejsync.store.db import transaction

MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    path: Path


def available_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migration files in `directory`, by version."""
    found = []
    for path in directory.iterdir():
        match = MIGRATION_NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise UserError(f"Два файла миграций с одним номером в {directory}: переименуйте один.")
    return found


def _ensure_version_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )


def current_versions(conn: sqlite3.Connection) -> set[int]:
    """Versions already applied to this database."""
    _ensure_version_table(conn)
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def migrate(
    conn: sqlite3.Connection, *, up_to: int | None = None, directory: Path = MIGRATIONS_DIR
) -> list[Migration]:
    """Apply every missing migration (up to `up_to`), each in its own transaction."""
    applied = current_versions(conn)
    done = []
    for migration in available_migrations(directory):
        if migration.version in applied or (up_to is not None and migration.version > up_to):
            continue
        script = migration.path.read_text(encoding="utf-8")
        try:
            with transaction(conn):
                for statement in split_statements(script):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    (migration.version, migration.name),
                )
        except sqlite3.Error as exc:
            raise UserError(
                f"Миграция {migration.path.name} не применена ({exc}); база данных не изменена."
            ) from exc
        done.append(migration)
    return done


def split_statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (triggers included)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise UserError("Файл миграции обрывается на незаконченной команде SQL.")
    return statements
