"""Migration files: `db/migrations/NNNN_name.sql`, their checksums, and the earlier texts of
landed migrations kept in `db/migrations/superseded/NNNN_name.COMMIT.sql`."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ejsync.config import MIGRATIONS_DIR
from ejsync.errors import UserError

MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
SUPERSEDED_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.([0-9a-f]{7,40})\.sql$")
SUPERSEDED_FOLDER = "superseded"


def checksum(text: str) -> str:
    """SHA-256 of a migration's text (line endings as in the repository)."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    path: Path

    @property
    def file_name(self) -> str:
        """NNNN_name.sql."""
        return f"{self.version:04d}_{self.name}.sql"

    @property
    def text(self) -> str:
        """The SQL script."""
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        """The checksum a database records when it applies this file."""
        return checksum(self.text)


@dataclass(frozen=True)
class KnownText:
    """A text a migration has or had: today's file (commit None) or an earlier, landed one."""

    version: int
    text: str
    commit: str | None = None

    @property
    def checksum(self) -> str:
        """Its checksum."""
        return checksum(self.text)


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


def earlier_texts(directory: Path = MIGRATIONS_DIR) -> dict[int, list[KnownText]]:
    """The earlier texts of landed migrations, by version (each file verbatim as it landed)."""
    return _earlier_texts(directory / SUPERSEDED_FOLDER)


@cache
def _earlier_texts(folder: Path) -> dict[int, list[KnownText]]:
    found: dict[int, list[KnownText]] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            match = SUPERSEDED_NAME.match(path.name)
            if match:
                found.setdefault(int(match.group(1)), []).append(KnownText(
                    int(match.group(1)), path.read_text(encoding="utf-8"), match.group(3)))
    return found


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
