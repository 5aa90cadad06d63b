"""Opening the school database for a command that needs the current schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ejsync.errors import UserError
from ejsync.store import connect, current_versions
from ejsync.store.migrate import available_migrations


def open_current(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """The database at `path`; a Russian error when it is missing or not migrated yet."""
    if not path.exists():
        raise UserError(f"Файл базы данных {path} не найден. Укажите --db или выполните migrate.")
    conn = connect(path, readonly=readonly)
    missing = {m.version for m in available_migrations()} - current_versions(conn)
    if missing:
        raise UserError(
            f"База {path} не обновлена (нет миграций {', '.join(map(str, sorted(missing)))}): "
            f"выполните «ejsync migrate --db {path}»."
        )
    return conn
