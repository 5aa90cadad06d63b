"""The deputy accepts a violation that can no longer be fixed: a waiver with a reason."""

from __future__ import annotations

import sqlite3

from ejsync.errors import UserError
from ejsync.store.clock import stamp


def waive(conn: sqlite3.Connection, violation_id: int, staff_id: int, reason: str) -> str:
    """Record the waiver and close the violation (the checks keep it closed); returns its rule.

    Run inside the caller's write transaction; the store checks who may waive."""
    row = conn.execute(
        "SELECT rule, record_table, record_id, subject_id, period_id, closed_at"
        " FROM violations WHERE id = ?", (violation_id,)).fetchone()
    if row is None:
        raise UserError(f"Нарушения № {violation_id} нет. Номера — в списке нарушений.")
    if row[5] is not None:
        raise UserError(f"Нарушение № {violation_id} уже закрыто {row[5]}.")
    if not reason.strip():
        raise UserError("R-NO-CORRECTION: укажите причину, по которой нарушение принимается.")
    conn.execute(
        "INSERT INTO violation_waivers (rule, record_table, record_id, subject_id, period_id,"
        " waived_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (*tuple(row)[:5], staff_id, reason.strip()),
    )
    conn.execute("UPDATE violations SET closed_at = ? WHERE id = ?", (stamp(), violation_id))
    return row[0]
