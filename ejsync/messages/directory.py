"""Who may write to whom about which child: the family's addressees, the staff's students."""

from __future__ import annotations

import sqlite3

from ejsync.messages.threads import sql

# The kind of thread each role starts (the store's rights decide the rest).
KIND_OF_ROLE = {"class_teacher": "class_teacher", "teacher": "teacher",
                "deputy": "reception", "director": "reception"}
KIND_TITLES = {"class_teacher": "как классный руководитель", "teacher": "как учитель",
               "reception": "от администрации (интернет-приёмная)"}

STAFF_STUDENTS = """
SELECT s.id, s.last_name || ' ' || s.first_name AS name, c.name AS class_name
FROM enrollments e JOIN students s ON s.id = e.student_id JOIN classes c ON c.id = e.class_id
WHERE e.to_date IS NULL AND s.family_id IS NOT NULL AND (
    :office OR c.class_teacher_id = :me
    OR EXISTS (SELECT 1 FROM teaching_assignments ta WHERE ta.class_id = c.id
               AND ta.teacher_id = :me AND (ta.subgroup_id IS NULL OR EXISTS (
                   SELECT 1 FROM subgroup_members sm WHERE sm.subgroup_id = ta.subgroup_id
                   AND sm.student_id = s.id AND sm.to_date IS NULL))))
ORDER BY c.grade, c.name, s.last_name, s.first_name
"""


def addressees(conn: sqlite3.Connection, student_id: int) -> list[dict]:
    """Whom the family may write about the child: class teacher, subject teachers, the office."""
    return [dict(r) for r in conn.execute(sql("addressees"), {"student": student_id})]


def staff_kinds(roles: list[str] | set[str]) -> list[tuple[str, str]]:
    """(kind, title) of the threads a staff member with these roles may start."""
    kinds = {KIND_OF_ROLE[r] for r in roles if r in KIND_OF_ROLE}
    return [(kind, KIND_TITLES[kind]) for kind in KIND_TITLES if kind in kinds]


def staff_students(conn: sqlite3.Connection, staff_id: int, roles: set[str]) -> list[dict]:
    """Students whose families the staff member may write to (all of them for the office)."""
    office = bool(roles & {"deputy", "director"})
    return [dict(r) for r in conn.execute(STAFF_STUDENTS, {"me": staff_id, "office": office})]
