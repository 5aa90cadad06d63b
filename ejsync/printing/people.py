"""How people are named on paper: 'Числова М. А.' and 'Иванов Артём'."""

from __future__ import annotations

import sqlite3


def short_name(row: sqlite3.Row | None) -> str:
    """Surname and initials of a staff member, or an empty string when there is none."""
    if row is None:
        return ""
    initials = " ".join(f"{part[0]}." for part in (row["first_name"], row["middle_name"]) if part)
    return f"{row['last_name']} {initials}".strip()


def student_name(row: sqlite3.Row) -> str:
    """Surname and first name of a student, as the journal lists them."""
    return f"{row['last_name']} {row['first_name']}"


def staff_with_role(conn: sqlite3.Connection, role: str) -> sqlite3.Row | None:
    """The first active staff member holding `role` (director, deputy, secretary)."""
    return conn.execute(
        "SELECT s.* FROM staff s JOIN staff_roles r ON r.staff_id = s.id"
        " WHERE r.role = ? AND s.active = 1 ORDER BY s.id LIMIT 1",
        (role,),
    ).fetchone()


def staff_by_id(conn: sqlite3.Connection, staff_id: int | None) -> sqlite3.Row | None:
    """One staff row, or None."""
    if staff_id is None:
        return None
    return conn.execute("SELECT * FROM staff WHERE id = ?", (staff_id,)).fetchone()
