"""Which classes a range of `changes` rows touches: the scope of an incremental check."""

from __future__ import annotations

import sqlite3

# Tables no rule reads: a change there touches nothing.
IGNORED_TABLES = frozenset(
    {"events", "consultations", "school", "diary_tokens", "support_requests", "staff",
     "staff_roles"}
)
# Tables whose change rows name the class (or the student) they affect.
CLASS_TABLES = frozenset(
    {"lessons", "marks", "attendance", "comments", "enrollments", "subgroup_members",
     "students", "acknowledgements", "classes", "subgroups", "timetable",
     "teaching_assignments", "thematic_plan", "family_printouts", "violation_waivers"}
)
# Tables of families: the classes of the family's children.
FAMILY_TABLES = frozenset({"families", "guardians"})


def touched_classes(
    conn: sqlite3.Connection, since: int, until: int | None
) -> frozenset[int] | None:
    """Class ids whose checks changes (since, until] can alter; None when all classes can."""
    upper = until if until is not None else 2**62
    classes: set[int] = set()
    students: set[int] = set()
    families: set[int] = set()
    rows = conn.execute(
        "SELECT tbl, row_id, student_id, class_id FROM changes WHERE id > ? AND id <= ?",
        (since, upper),
    )
    for table, row_id, student_id, class_id in rows:
        if table in IGNORED_TABLES:
            continue
        if table in FAMILY_TABLES:
            family_id = _family_of(conn, table, row_id)
            if family_id is None:
                return None
            families.add(family_id)
        elif table in CLASS_TABLES:
            if class_id is not None:
                classes.add(class_id)
            if student_id is not None:
                students.add(student_id)
            if class_id is None and student_id is None:
                return None
        else:
            return None
    if families:
        students.update(
            r[0] for r in conn.execute(
                "SELECT s.id FROM students s JOIN json_each(?) f ON f.value = s.family_id",
                (list_json(families),),
            )
        )
    if students:
        classes.update(
            r[0] for r in conn.execute(
                "SELECT e.class_id FROM enrollments e JOIN json_each(?) s"
                " ON s.value = e.student_id",
                (list_json(students),),
            )
        )
    return frozenset(classes)


def _family_of(conn: sqlite3.Connection, table: str, row_id: int) -> int | None:
    if table == "families":
        return row_id
    row = conn.execute("SELECT family_id FROM guardians WHERE id = ?", (row_id,)).fetchone()
    return row[0] if row else None


def list_json(ids: set[int] | frozenset[int]) -> str:
    """Ids as a JSON array for `json_each`."""
    return "[" + ",".join(str(int(i)) for i in sorted(ids)) + "]"
