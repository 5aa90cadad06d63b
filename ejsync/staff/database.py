"""The school database file the staff commands work on."""

from __future__ import annotations

from pathlib import Path

from ejsync.errors import UserError


def require_database(db_path: Path) -> None:
    """Refuse to work on a database file that does not exist (never create an empty one)."""
    if not db_path.exists():
        raise UserError(
            f"Базы данных {db_path} нет. Создайте её командой «ejsync migrate --db {db_path}» "
            "или демонстрационную школу командой «ejsync demo»."
        )
