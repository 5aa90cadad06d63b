"""What a database applied, compared with the migration files: one analysis for `migrate`,
`doctor` and every command that opens the database."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ejsync.config import MIGRATIONS_DIR
from ejsync.store.migration_files import (
    KnownText,
    Migration,
    available_migrations,
    earlier_texts,
)
from ejsync.store.schema import (
    Difference,
    Schema,
    built_schema,
    difference,
    label,
    schema_of,
)


@dataclass(frozen=True)
class Applied:
    """A row of `schema_migrations`."""

    version: int
    name: str
    checksum: str | None

    @property
    def file_name(self) -> str:
        """NNNN_name.sql."""
        return f"{self.version:04d}_{self.name}.sql"


@dataclass
class Inspection:
    """Applied migrations against the files, and the texts the database is taken to have."""

    folder: Path
    files: dict[int, Migration]
    applied: dict[int, Applied]
    missing: list[Migration] = field(default_factory=list)
    foreign: list[Applied] = field(default_factory=list)  # applied here, no such file
    changed: list[Applied] = field(default_factory=list)  # checksum of no known text
    texts: dict[int, KnownText] = field(default_factory=dict)
    unrecorded: list[int] = field(default_factory=list)  # applied before checksums existed
    identified: dict[int, KnownText] = field(default_factory=dict)  # ... found to be today's
    earlier: dict[int, KnownText] = field(default_factory=dict)  # an earlier text was applied
    unidentified: dict[int, list[str]] = field(default_factory=dict)  # version → objects

    def refusals(self) -> list[str]:
        """Why the database must not be used or migrated as it is (Russian, with what to do)."""
        found = [
            f"В базе применена миграция {a.file_name}, которой нет среди миграций ({self.folder}):"
            " базу обновила другая, более новая версия ejsync. Работайте с ней той версией ejsync"
            " или обновите ejsync." for a in self.foreign]
        found += [
            f"Миграция {a.file_name} изменена после того, как применена к этой базе: записанная"
            f" контрольная сумма {a.checksum[:12]}… не совпадает с файлом"
            f" ({self.files[a.version].checksum[:12]}…) и ни с одной известной ранней редакцией."
            f" Применённую миграцию менять нельзя: верните файл db/migrations/{a.file_name} из"
            " репозитория ejsync (git checkout), а новое поведение оформите новой миграцией."
            for a in self.changed]
        found += [
            f"Миграция {self.files[v].file_name} применена к базе до появления контрольных сумм,"
            " и схема базы не совпадает ни с одной известной редакцией этой миграции (отличаются:"
            f" {', '.join(objects)}). Восстановите базу из резервной копии (ejsync restore) или"
            " обратитесь к разработчикам ejsync; «ejsync doctor» покажет различия."
            for v, objects in self.unidentified.items()]
        return found

    def assumed_texts(self) -> list[str]:
        """The texts the database applied, in order (earlier ones where it applied those)."""
        return [(self.texts.get(v) or self._today(v)).text for v in sorted(self.applied)]

    def todays_texts(self) -> list[str]:
        """Today's texts of the applied migrations, in order."""
        return [self.files[v].text for v in sorted(self.applied)]

    def describe_earlier(self) -> str:
        """Russian: which earlier texts the database applied."""
        return "ранние редакции миграций " + ", ".join(
            f"{self.files[v].file_name} (коммит {text.commit})"
            for v, text in sorted(self.earlier.items()))

    def reference(self) -> Schema:
        """The schema the applied texts make."""
        return built_schema(self.assumed_texts())

    def drift(self, conn: sqlite3.Connection) -> Difference:
        """How the schema differs from what the applied texts make (changes made by hand)."""
        return difference(schema_of(conn), self.reference())

    def _today(self, version: int) -> KnownText:
        return KnownText(version, self.files[version].text)


def inspect(conn: sqlite3.Connection, folder: Path = MIGRATIONS_DIR, *,
            identify: bool = True) -> Inspection:
    """Compare `schema_migrations` with the files in `folder`. With `identify`, migrations
    applied before checksums existed are recognised by the schema they made."""
    files = {m.version: m for m in available_migrations(folder)}
    found = Inspection(folder, files, _applied(conn))
    found.missing = [m for v, m in files.items() if v not in found.applied]
    earlier = earlier_texts(folder)
    for version, row in sorted(found.applied.items()):
        known = {t.checksum: t for t in earlier.get(version, [])}
        if version not in files:
            found.foreign.append(row)
        elif row.checksum is None:
            found.unrecorded.append(version)
        elif row.checksum == files[version].checksum:
            found.texts[version] = found._today(version)
        elif row.checksum in known:
            found.texts[version] = found.earlier[version] = known[row.checksum]
        else:
            found.changed.append(row)
    if identify and found.unrecorded and not found.foreign and not found.changed:
        _identify(conn, found, earlier)
    return found


def _applied(conn: sqlite3.Connection) -> dict[int, Applied]:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(schema_migrations)")}
    if not columns:
        return {}
    checksum = "checksum" if "checksum" in columns else "NULL"
    return {row[0]: Applied(row[0], row[1], row[2]) for row in conn.execute(
        f"SELECT version, name, {checksum} FROM schema_migrations")}


def _identify(conn: sqlite3.Connection, found: Inspection,
              earlier: dict[int, list[KnownText]]) -> None:
    """Which text each unrecorded migration applied: the choice whose schema is the database's
    (greedy over the known texts, one migration at a time, while the difference shrinks)."""
    actual = schema_of(conn)
    choice = {v: found._today(v) for v in found.unrecorded}

    def distance(trial: dict[int, KnownText]) -> float:
        texts = [trial.get(v, found.texts.get(v)) or found._today(v) for v in sorted(found.applied)]
        try:
            return len(difference(actual, built_schema([t.text for t in texts])))
        except sqlite3.Error:
            return float("inf")

    best = distance(choice)
    improved = True
    while improved and best:
        improved = False
        for version in found.unrecorded:
            for text in [found._today(version), *earlier.get(version, [])]:
                if text.checksum == choice[version].checksum:
                    continue
                trial = {**choice, version: text}
                score = distance(trial)
                if score < best:
                    choice, best, improved = trial, score, True
    if best == float("inf"):
        found.unidentified = {v: ["вся схема"] for v in found.unrecorded}
        return
    found.texts.update(choice)
    leftover = difference(actual, built_schema(found.assumed_texts())).keys() if best else []
    for version, text in choice.items():
        mentioned = [label(key) for key in leftover if _mentions(version, key[1], found, earlier)]
        if mentioned:
            found.unidentified[version] = mentioned
        elif text.commit is None:
            found.identified[version] = text
        else:
            found.earlier[version] = text


def _mentions(version: int, name: str, found: Inspection,
              earlier: dict[int, list[KnownText]]) -> bool:
    """Whether any known text of `version` names the object `name`."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    texts = [found.files[version].text, *(t.text for t in earlier.get(version, []))]
    return any(pattern.search(text) for text in texts)
