"""The «Замечания по ведению журнала» sheet: what the rule checks found in a class's journal
during the period (REP-CONTROL), as lines the deputy reviews and signs."""

from __future__ import annotations

import sqlite3

from ejsync.store.periods import Period

REMARK_ROWS = 12  # numbered rows for the deputy's own remarks


def journal_remarks(conn: sqlite3.Connection, class_id: int, period: Period) -> list[dict]:
    """Violations of the class found in the period, by rule and subject: how many, still open."""
    rows = conn.execute(
        "SELECT v.rule, IFNULL(s.name, '') AS subject, COUNT(*) AS found,"
        " SUM(v.closed_at IS NULL) AS still_open, MIN(substr(v.found_at, 1, 10)) AS first"
        " FROM violations v LEFT JOIN subjects s ON s.id = v.subject_id"
        " WHERE v.class_id = ? AND substr(v.found_at, 1, 10) BETWEEN ? AND ?"
        " GROUP BY v.rule, s.name ORDER BY v.rule, s.name",
        (class_id, period.starts_on.isoformat(), period.ends_on.isoformat()),
    ).fetchall()
    return [{"rule": r["rule"], "subject": r["subject"], "found": r["found"],
             "open": r["still_open"], "first": r["first"]} for r in rows]
