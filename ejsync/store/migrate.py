"""Versioned migrations: `db/migrations/NNNN_name.sql`, each applied once, in order, and checked.

`schema_migrations` records the checksum of the text each migration had when it was applied.
A landed migration never changes: a database whose recorded checksum is neither the file's
nor one of the known earlier texts (`db/migrations/superseded/`) is refused. A database that
applied an earlier text gets the schema objects that text made differently re-made as the
file makes them today; see docs/store.md.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ejsync.config import MIGRATIONS_DIR
from ejsync.errors import UserError
from ejsync.store.db import transaction
from ejsync.store.inspection import Inspection, inspect
from ejsync.store.migration_files import Migration, available_migrations, split_statements
from ejsync.store.schema import VERSION_TABLE, Repair, built_schema, repair, schema_of

__all__ = ["Migration", "available_migrations", "current_versions", "migrate",
           "repair_schema", "split_statements"]
log = logging.getLogger(__name__)


def _ensure_version_table(conn: sqlite3.Connection) -> None:
    conn.execute(VERSION_TABLE)
    names = {row[1] for row in conn.execute("PRAGMA table_info(schema_migrations)")}
    if "checksum" not in names:  # a database from before checksums: NULL until migrate runs
        conn.execute("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT")


def current_versions(conn: sqlite3.Connection) -> set[int]:
    """Versions already applied to this database (none when it has no migrations table)."""
    if not _has_version_table(conn):
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def _has_version_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                        " AND name = 'schema_migrations'").fetchone() is not None


def migrate(
    conn: sqlite3.Connection, *, up_to: int | None = None, directory: Path = MIGRATIONS_DIR,
    say: Callable[[str], None] | None = None,
) -> list[Migration]:
    """Check what was applied, upgrade earlier texts, then apply every missing migration (up to
    `up_to`), each in its own transaction. `say` hears (in Russian) what an upgrade did."""
    found = inspect(conn, directory)
    if found.refusals():
        raise UserError(" ".join(found.refusals()))
    plan = _upgrade_plan(conn, found)
    with transaction(conn):
        _ensure_version_table(conn)
        for statement in plan.statements:
            conn.execute(statement)
        for version in [*found.identified, *found.earlier]:
            conn.execute("UPDATE schema_migrations SET checksum = ? WHERE version = ?",
                         (found.files[version].checksum, version))
    _tell(found, plan, say or log.info)
    done = []
    for migration in found.missing:
        if up_to is not None and migration.version > up_to:
            continue
        _apply(conn, migration)
        done.append(migration)
    return done


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    text = migration.text
    try:
        with transaction(conn):
            for statement in split_statements(text):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                (migration.version, migration.name, migration.checksum),
            )
    except sqlite3.Error as exc:
        raise UserError(
            f"Миграция {migration.path.name} не применена ({exc}); база данных не изменена."
        ) from exc


def _upgrade_plan(conn: sqlite3.Connection, found: Inspection) -> Repair:
    """What re-makes the objects the earlier texts made differently from today's files."""
    if not found.earlier:
        return Repair()
    assumed = built_schema(found.assumed_texts())
    today = built_schema(found.todays_texts())
    changed = [key for key in {*assumed.objects, *today.objects}
               if assumed.objects.get(key) != today.objects.get(key)]
    plan = repair(schema_of(conn), today, changed)
    if plan.impossible:
        raise UserError(
            f"База применила {found.describe_earlier()}; обновить её автоматически нельзя: "
            f"{'; '.join(plan.impossible)}. Ничего не изменено. Восстановите базу из резервной "
            "копии (ejsync restore) или обратитесь к разработчикам ejsync.")
    return plan


def _tell(found: Inspection, plan: Repair, say: Callable[[str], None]) -> None:
    if found.earlier:
        say(f"База применяла {found.describe_earlier()}; пересозданы как в текущих файлах "
            f"миграций: {', '.join(plan.remade)}.")
        if plan.kept:
            say(f"Сохранено с данными (текущие миграции их не создают): {', '.join(plan.kept)}.")
    if found.identified:
        say(f"Записаны контрольные суммы миграций, применённых до их появления: "
            f"{len(found.identified)}.")


def repair_schema(conn: sqlite3.Connection, directory: Path = MIGRATIONS_DIR) -> Repair:
    """Re-make the triggers, views and indexes changed by hand (and create dropped tables) as
    the applied migrations make them; data-holding changes are kept or refused, not touched."""
    found = inspect(conn, directory)
    if found.refusals() or found.missing or found.earlier or found.unrecorded:
        raise UserError("Сначала выполните «ejsync migrate» без --repair: база должна быть "
                        "обновлена и совпадать со своими миграциями.")
    plan = repair(schema_of(conn), found.reference(), found.drift(conn).keys())
    if plan.impossible:
        raise UserError(f"Схему не исправить без потери данных: {'; '.join(plan.impossible)}. "
                        "Ничего не изменено; восстановите базу из резервной копии (ejsync "
                        "restore).")
    with transaction(conn):
        for statement in plan.statements:
            conn.execute(statement)
    return plan
