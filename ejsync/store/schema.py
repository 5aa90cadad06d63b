"""The schema a database has, the schema migration texts make, and how they differ."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

Key = tuple[str, str]  # (type, name) of a schema object
DATALESS = ("trigger", "view", "index")  # objects that hold no rows: safe to re-make
DROP_ORDER = ("trigger", "view", "index")
KIND_TITLES = {"table": "таблица", "index": "индекс", "trigger": "триггер", "view": "представление"}


def label(key: Key) -> str:
    """Russian: «триггер marks_no_update»."""
    return f"{KIND_TITLES.get(key[0], key[0])} {key[1]}"


@dataclass(frozen=True)
class Schema:
    """Schema objects by (type, name) → their SQL, in the order they were made."""

    objects: dict[Key, str]

    def tables(self) -> set[str]:
        """Names of the tables."""
        return {name for kind, name in self.objects if kind == "table"}


def schema_of(conn: sqlite3.Connection) -> Schema:
    """The schema of the database `conn` is connected to (its bookkeeping left out)."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'"
        " AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\' ORDER BY rowid"  # Litestream's own
    ).fetchall()
    return Schema({(row[0], row[1]): row[2] for row in rows})


def built_schema(texts: Sequence[str]) -> Schema:
    """The schema the migration `texts`, applied in order to an empty database, make.

    Raises sqlite3.Error when the texts do not apply (an impossible combination)."""
    return _built(tuple(texts))


# The bookkeeping table `migrate` keeps; a migration may read it (0700 dates the school by it).
VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    " checksum TEXT)"
)


@lru_cache(maxsize=64)
def _built(texts: tuple[str, ...]) -> Schema:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute(VERSION_TABLE)
        for text in texts:
            conn.executescript(text)
        return schema_of(conn)
    finally:
        conn.close()


def columns(table_sql: str) -> dict[str, tuple]:
    """A table's columns (name → type, not null, default, primary key) from its CREATE TABLE."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(table_sql)
        name = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        return {row[1]: tuple(row[2:6]) for row in conn.execute(f'PRAGMA table_xinfo("{name}")')}
    finally:
        conn.close()


@dataclass
class Difference:
    """How a database's schema differs from a reference schema."""

    missing: list[Key] = field(default_factory=list)  # in the reference only
    extra: list[Key] = field(default_factory=list)  # in the database only
    changed: list[Key] = field(default_factory=list)  # in both, made differently

    def __len__(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.changed)

    def keys(self) -> list[Key]:
        """Every object that differs."""
        return [*self.missing, *self.extra, *self.changed]


def difference(actual: Schema, reference: Schema) -> Difference:
    """What `actual` lacks, has in addition, or makes differently compared with `reference`."""
    found = Difference()
    for key, sql in reference.objects.items():
        if key not in actual.objects:
            found.missing.append(key)
        elif actual.objects[key] != sql:
            found.changed.append(key)
    found.extra = [key for key in actual.objects if key not in reference.objects]
    return found


@dataclass
class Repair:
    """Statements that bring a database's schema to a reference where that loses no data,
    the data-holding differences kept (and said), and those that cannot be repaired."""

    statements: list[str] = field(default_factory=list)
    remade: list[str] = field(default_factory=list)  # objects dropped, re-made or created
    kept: list[str] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)


def repair(actual: Schema, reference: Schema, keys: Sequence[Key]) -> Repair:
    """Re-make the dataless objects among `keys` as in `reference`, create missing tables;
    extra tables and extra columns are kept, any other table change cannot be repaired."""
    wanted = set(keys)
    plan = Repair()
    for kind in DROP_ORDER:
        for key in actual.objects:
            if key[0] == kind and key in wanted:
                plan.statements.append(f'DROP {kind.upper()} "{key[1]}"')
                plan.remade.append(label(key))
    for key, sql in reference.objects.items():
        if key not in wanted:
            continue
        if key[0] in DATALESS or key not in actual.objects:
            plan.statements.append(sql)
            plan.remade += [] if label(key) in plan.remade else [label(key)]
            continue
        _compare_table(key[1], actual.objects[key], sql, plan)
    plan.kept += [f"таблица {name}" for kind, name in wanted
                  if kind == "table" and (kind, name) not in reference.objects]
    return plan


def _compare_table(name: str, actual_sql: str, reference_sql: str, plan: Repair) -> None:
    have, want = columns(actual_sql), columns(reference_sql)
    wrong = [column for column, spec in want.items() if have.get(column) != spec]
    if wrong:
        plan.impossible.append(f"таблица {name}: столбцы {', '.join(wrong)} устроены иначе")
    else:
        plan.kept += [f"столбец {name}.{column}" for column in have if column not in want]
