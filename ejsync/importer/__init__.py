"""Import students, staff and the timetable from the CSV files schools really have."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ejsync.importer import staff, students, timetable
from ejsync.importer.kinds import ImportKind
from ejsync.importer.problems import ImportRefused, Problem, Problems
from ejsync.importer.reader import read_table
from ejsync.importer.writer import write_plan

KINDS: dict[str, ImportKind] = {
    kind.name: kind for kind in (students.KIND, staff.KIND, timetable.KIND)
}


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (or, on a dry run, would write) and what it noticed."""

    kind: ImportKind
    path: Path
    encoding: str
    delimiter: str
    rows: int
    added: Counter[str]
    skipped: Counter[str]
    notices: list[Problem]
    dry_run: bool


def import_file(
    conn: sqlite3.Connection, kind_name: str, path: Path, *, dry_run: bool = False
) -> ImportResult:
    """Validate every row of `path`, then write all of it in one transaction or nothing.

    Raises `ImportRefused` listing every bad line, or `UserError` for a file it cannot read."""
    kind = KINDS[kind_name]
    problems = Problems()
    table = read_table(path, kind.columns, problems)
    plan = kind.plan(table.rows, conn, problems)
    notices = sorted(problems.notices, key=lambda problem: problem.line)
    if problems.errors:
        raise ImportRefused(problems.sorted_errors(), notices=notices)
    added = write_plan(conn, kind, plan, dry_run=dry_run)
    return ImportResult(kind, path, table.encoding, table.delimiter, len(table.rows), added,
                        plan.skipped, notices, dry_run)
