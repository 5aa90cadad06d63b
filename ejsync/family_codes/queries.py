"""Named reads and writes of the access tables (families, codes, sessions, views)."""

from __future__ import annotations

import sqlite3

from ejsync.store.clock import stamp

ACTIVE_CODE = """
SELECT a.id, a.family_id, a.version, a.secret_encrypted, a.issued_at, a.last_used_step
FROM access_codes a JOIN families f ON f.id = a.family_id
WHERE a.family_id = ? AND a.revoked_at IS NULL AND f.electronic_access = 1
"""

FAMILY_CHILDREN = """
SELECT s.id, s.last_name, s.first_name, s.middle_name, t.token,
       (SELECT c.name FROM enrollments e JOIN classes c ON c.id = e.class_id
        WHERE e.student_id = s.id AND e.to_date IS NULL
        ORDER BY e.from_date DESC LIMIT 1) AS class_name,
       (SELECT c.class_teacher_id FROM enrollments e JOIN classes c ON c.id = e.class_id
        WHERE e.student_id = s.id AND e.to_date IS NULL
        ORDER BY e.from_date DESC LIMIT 1) AS class_teacher_id
FROM students s LEFT JOIN diary_tokens t ON t.student_id = s.id
WHERE s.family_id = ?
ORDER BY s.last_name, s.first_name, s.id
"""


def school(conn: sqlite3.Connection) -> sqlite3.Row | None:
    """The school row (name, address, diary_url, …)."""
    return conn.execute("SELECT * FROM school WHERE id = 1").fetchone()


def family(conn: sqlite3.Connection, family_id: int) -> sqlite3.Row | None:
    """One family by id."""
    return conn.execute(
        "SELECT id, title, login, electronic_access, declined_on FROM families WHERE id = ?",
        (family_id,),
    ).fetchone()


def family_by_login(conn: sqlite3.Connection, login: str) -> sqlite3.Row | None:
    """One family by its login (case-insensitive)."""
    return conn.execute(
        "SELECT id, title, login, electronic_access FROM families WHERE lower(login) = lower(?)",
        (login,),
    ).fetchone()


def family_children(conn: sqlite3.Connection, family_id: int) -> list[sqlite3.Row]:
    """The family's students with their current class and diary token (may be NULL)."""
    return conn.execute(FAMILY_CHILDREN, (family_id,)).fetchall()


def active_code(conn: sqlite3.Connection, family_id: int) -> sqlite3.Row | None:
    """The family's code in force, if it has one and has not declined electronic access."""
    return conn.execute(ACTIVE_CODE, (family_id,)).fetchone()


def unrevoked_code(conn: sqlite3.Connection, family_id: int) -> sqlite3.Row | None:
    """The family's unrevoked code regardless of its access choice."""
    return conn.execute(
        "SELECT id, version, issued_at FROM access_codes"
        " WHERE family_id = ? AND revoked_at IS NULL",
        (family_id,),
    ).fetchone()


def family_codes(conn: sqlite3.Connection, family_id: int) -> list[sqlite3.Row]:
    """Every code ever issued to the family, oldest first; never the secret."""
    return conn.execute(
        "SELECT version, issued_at, issued_by, revoked_at, revoked_by, last_used_step"
        " FROM access_codes WHERE family_id = ? ORDER BY version",
        (family_id,),
    ).fetchall()


def next_code_version(conn: sqlite3.Connection, family_id: int) -> int:
    """1 for a family's first code, then one more than the last."""
    row = conn.execute(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM access_codes WHERE family_id = ?", (family_id,)
    ).fetchone()
    return row[0]


def insert_code(
    conn: sqlite3.Connection, family_id: int, version: int, blob: bytes, issued_by: int | None
) -> str:
    """Store a new encrypted code; returns its issue instant."""
    issued_at = stamp()
    conn.execute(
        "INSERT INTO access_codes (family_id, version, secret_encrypted, issued_at, issued_by)"
        " VALUES (?, ?, ?, ?, ?)",
        (family_id, version, blob, issued_at, issued_by),
    )
    return issued_at


def revoke_code(conn: sqlite3.Connection, family_id: int, revoked_by: int | None) -> int:
    """Revoke the family's code in force and end its sessions; returns codes revoked."""
    now = stamp()
    cursor = conn.execute(
        "UPDATE access_codes SET revoked_at = ?, revoked_by = ?"
        " WHERE family_id = ? AND revoked_at IS NULL",
        (now, revoked_by, family_id),
    )
    conn.execute(
        "UPDATE gate_sessions SET ended_at = ? WHERE family_id = ? AND ended_at IS NULL",
        (now, family_id),
    )
    return cursor.rowcount


def claim_step(conn: sqlite3.Connection, code_id: int, step: int) -> bool:
    """Mark `step` used unless it (or a later one) already was: the replay guard."""
    cursor = conn.execute(
        "UPDATE access_codes SET last_used_step = ?"
        " WHERE id = ? AND revoked_at IS NULL AND (last_used_step IS NULL OR last_used_step < ?)",
        (step, code_id, step),
    )
    return cursor.rowcount == 1


def class_family_ids(conn: sqlite3.Connection, class_name: str) -> list[int] | None:
    """Family ids of the class's current students (latest year); None if no such class."""
    row = conn.execute(
        "SELECT c.id FROM classes c JOIN academic_years y ON y.id = c.year_id"
        " WHERE c.name = ? ORDER BY y.starts_on DESC LIMIT 1",
        (class_name,),
    ).fetchone()
    if row is None:
        return None
    rows = conn.execute(
        "SELECT DISTINCT s.family_id FROM enrollments e JOIN students s ON s.id = e.student_id"
        " WHERE e.class_id = ? AND e.to_date IS NULL AND s.family_id IS NOT NULL"
        " ORDER BY s.family_id",
        (row[0],),
    ).fetchall()
    return [r[0] for r in rows]


def staff_roles(conn: sqlite3.Connection, staff_id: int) -> set[str]:
    """The roles of an active staff member (empty if unknown or inactive)."""
    rows = conn.execute(
        "SELECT r.role FROM staff_roles r JOIN staff s ON s.id = r.staff_id"
        " WHERE r.staff_id = ? AND s.active = 1",
        (staff_id,),
    ).fetchall()
    return {row[0] for row in rows}
