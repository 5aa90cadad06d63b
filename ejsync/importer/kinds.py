"""What every import kind provides: its columns, a planner that validates, a writer."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ejsync.importer.problems import Problems
from ejsync.importer.reader import Column, Row


@dataclass
class Plan:
    """What a valid file will write (`records`, each with a `line`) and what it skips."""

    records: list[Any] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class ImportKind:
    """One kind of file (`students`, `staff`, `timetable`)."""

    name: str
    title: str  # Russian, for messages: 'ученики'
    columns: tuple[Column, ...]
    tables: tuple[str, ...]  # Russian names of what it adds, in summary order
    plan: Callable[[list[Row], sqlite3.Connection, Problems], Plan]
    write: Callable[[sqlite3.Connection, Any, dict[str, int]], Counter[str]]
