"""Write a validated plan in one transaction; a refusal by a database trigger undoes all of it."""

from __future__ import annotations

import sqlite3
from collections import Counter

from ejsync.importer.kinds import ImportKind, Plan
from ejsync.importer.problems import ImportRefused, Problem
from ejsync.store import Writer, transaction


class _DryRunRollback(Exception):
    """Raised inside the transaction of a dry run so that nothing is committed."""


def write_plan(
    conn: sqlite3.Connection, kind: ImportKind, plan: Plan, *, dry_run: bool
) -> Counter[str]:
    """Rows added per table; on a dry run the same writes are tried and rolled back."""
    added: Counter[str] = Counter()
    try:
        with transaction(conn, writer=Writer.tool("import")):
            refs: dict[str, int] = {}
            for record in plan.records:
                try:
                    added += kind.write(conn, record, refs)
                except sqlite3.DatabaseError as exc:
                    raise ImportRefused([Problem(record.line, _refusal_text(exc))]) from exc
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return added


def _refusal_text(exc: sqlite3.DatabaseError) -> str:
    """The trigger's own message (it starts with the rule ID), or the database error."""
    message = str(exc)
    if message[:2] == "R-":
        return f"{message} База данных отклонила эту строку, поэтому весь файл не загружен."
    return (f"база данных отклонила эту строку ({message}), поэтому весь файл не загружен. "
            "Проверьте значения строки.")
