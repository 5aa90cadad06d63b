"""The family's home page: its children, their diaries and final marks to acknowledge."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ejsync.family_codes import queries
from ejsync.render import ru_datetime
from ejsync.store.clock import timezone_name

FINAL_MARKS = """
SELECT m.period_id, p.title AS period_title, s.name AS subject, m.kind, m.value
FROM marks m
JOIN periods p ON p.id = m.period_id
JOIN subjects s ON s.id = m.subject_id
WHERE m.student_id = ? AND m.kind <> 'current'
  AND NOT EXISTS (SELECT 1 FROM marks c WHERE c.corrects_id = m.id)
ORDER BY p.starts_on, p.ends_on, s.name, m.kind
"""
KIND_TITLES = {"period": "за период", "year": "годовая", "exam": "экзамен", "final": "итоговая"}


def _periods(conn: sqlite3.Connection, family_id: int, student_id: int, tz: str) -> list[dict]:
    acks = {
        row["period_id"]: row
        for row in conn.execute(
            "SELECT period_id, message, acknowledged_at FROM acknowledgements"
            " WHERE family_id = ? AND student_id = ?",
            (family_id, student_id),
        )
    }
    periods: dict[int, dict] = {}
    for mark in conn.execute(FINAL_MARKS, (student_id,)):
        ack = acks.get(mark["period_id"])
        period = periods.setdefault(
            mark["period_id"],
            {
                "id": mark["period_id"],
                "title": mark["period_title"],
                "marks": [],
                "acknowledged_at": ru_datetime(ack["acknowledged_at"], tz) if ack else None,
                "message": ack["message"] if ack else "",
            },
        )
        period["marks"].append(
            {"subject": mark["subject"], "kind": KIND_TITLES[mark["kind"]], "value": mark["value"]}
        )
    return list(periods.values())


def children(conn: sqlite3.Connection, family_id: int, root: Path) -> list[dict]:
    """Each child with a diary link (when built) and the periods with final marks."""
    tz = timezone_name(conn)
    result = []
    for row in queries.family_children(conn, family_id):
        token = row["token"]
        built = token is not None and (root / token / "index.html").is_file()
        result.append(
            {
                "id": row["id"],
                "name": " ".join(p for p in (row["last_name"], row["first_name"]) if p),
                "class_name": row["class_name"],
                "diary_url": f"/diary/{token}/" if built else None,
                "periods": _periods(conn, family_id, row["id"], tz),
            }
        )
    return result


def has_final_marks(conn: sqlite3.Connection, student_id: int, period_id: int) -> bool:
    """Whether the period has final marks of the student to acknowledge."""
    row = conn.execute(
        "SELECT 1 FROM marks WHERE student_id = ? AND period_id = ? AND kind <> 'current' LIMIT 1",
        (student_id, period_id),
    ).fetchone()
    return row is not None


def acknowledge(
    conn: sqlite3.Connection, family_id: int, student_id: int, period_id: int, message: str
) -> bool:
    """Record the acknowledgement (once per child and period); False if it already was."""
    cursor = conn.execute(
        "INSERT INTO acknowledgements (family_id, student_id, period_id, message)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (family_id, student_id, period_id) DO NOTHING",
        (family_id, student_id, period_id, message.strip()[:1000]),
    )
    return cursor.rowcount == 1
