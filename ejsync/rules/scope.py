"""What a range of `changes` rows touches: the lessons, students and classes an incremental check
re-examines.

Every finding belongs to one unit: a lesson (it names a lesson_id), else a student (it names a
student_id), else a class. A change touches the units whose findings it can alter.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

# Tables no rule reads: a change there touches nothing.
IGNORED_TABLES = frozenset(
    {"events", "consultations", "school", "diary_tokens", "support_requests", "staff",
     "staff_roles"}
)
# Tables whose change touches every lesson and student of the class (names, plans, groups).
CLASS_TABLES = frozenset(
    {"classes", "subgroups", "timetable", "teaching_assignments", "thematic_plan", "students",
     "violation_waivers"}
)
# Tables whose change touches the student it names.
STUDENT_TABLES = frozenset(
    {"comments", "enrollments", "subgroup_members", "acknowledgements", "family_printouts"}
)
FAMILY_TABLES = frozenset({"families", "guardians"})
# Beyond this many changes (an import, a generated school) a full check is the cheaper one.
MAX_INCREMENTAL_CHANGES = 20_000


@dataclass
class Scope:
    """Units to re-examine: whole classes, single lessons, single students."""

    classes: set[int] = field(default_factory=set)
    lessons: set[int] = field(default_factory=set)
    students: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.classes or self.lessons or self.students)


def touched(conn: sqlite3.Connection, since: int, until: int | None) -> Scope | None:
    """The units changes (since, until] can alter; None when everything can (a global change)."""
    scope = Scope()
    upper = until if until is not None else 2**62
    count = conn.execute(
        "SELECT count(*) FROM changes WHERE id > ? AND id <= ?", (since, upper)
    ).fetchone()[0]
    if count > MAX_INCREMENTAL_CHANGES:
        return None
    rows = conn.execute(
        "SELECT tbl, row_id, op, student_id, class_id, day FROM changes WHERE id > ? AND id <= ?",
        (since, upper),
    ).fetchall()
    lesson_updates: dict[int, set[tuple[int | None, str | None]]] = {}
    for table, row_id, op, student_id, class_id, day in rows:
        if table in IGNORED_TABLES:
            continue
        if table in CLASS_TABLES:
            if class_id is None:
                return None
            scope.classes.add(class_id)
        elif table in STUDENT_TABLES and student_id is not None:
            scope.students.add(student_id)
        elif table in FAMILY_TABLES:
            family = row_id if table == "families" else _family_of_guardian(conn, row_id)
            if family is None:
                return None
            scope.students.update(
                r[0] for r in conn.execute("SELECT id FROM students WHERE family_id = ?", (family,))
            )
        elif table == "lessons" and op == "UPDATE":
            lesson_updates.setdefault(row_id, set()).add((class_id, day))
        elif table in ("lessons", "marks", "attendance"):
            if not _add_journal_row(conn, scope, table, row_id, op, student_id, class_id):
                return None
        else:
            return None
    for places in lesson_updates.values():
        if not _add_updated_lesson(conn, scope, places):
            return None
    return scope


def _lessons_of_day(conn: sqlite3.Connection, class_id: int, day: str) -> list[int]:
    """The class's lessons of a day (its last one sets every homework deadline of that day)."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM lessons WHERE class_id = ? AND date = ?", (class_id, day))]


def _add_updated_lesson(conn: sqlite3.Connection, scope: Scope,
                        places: set[tuple[int | None, str | None]]) -> bool:
    """Add what the updates of one lesson touch: its day's lessons when it stayed in one class
    and day (its log rows name one place), else every class it was in; False when unknown.

    A lesson moved to another date, class or subgroup, or given another subject or teacher,
    logs a second place or one without a day: its marks may now count in another period."""
    if len(places) == 1:
        (class_id, day), = places
        if class_id is not None and day is not None:
            scope.lessons.update(_lessons_of_day(conn, class_id, day))
            return True
    classes = {class_id for class_id, _ in places}
    if None in classes:
        return False
    scope.classes.update(classes)
    return True


def _add_journal_row(
    conn: sqlite3.Connection, scope: Scope, table: str, row_id: int, op: str,
    student_id: int | None, class_id: int | None,
) -> bool:
    """Add what a new or deleted lesson, or a mark or absence change, touches; False when it
    cannot be told."""
    if student_id is not None:
        scope.students.add(student_id)
    if table == "lessons":
        lesson = conn.execute(
            "SELECT class_id, date FROM lessons WHERE id = ?", (row_id,)
        ).fetchone()
        if lesson is None:  # deleted: its marks and absences went with it, so the whole class
            if class_id is None:
                return False
            scope.classes.add(class_id)
            return True
        scope.lessons.update(_lessons_of_day(conn, *lesson))
        return True
    row = conn.execute(f"SELECT lesson_id FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        if class_id is None:
            return False
        scope.classes.add(class_id)
    elif row[0] is not None:
        scope.lessons.add(row[0])
    return True


def _family_of_guardian(conn: sqlite3.Connection, guardian_id: int) -> int | None:
    row = conn.execute("SELECT family_id FROM guardians WHERE id = ?", (guardian_id,)).fetchone()
    return row[0] if row else None


def list_json(ids: set[int] | frozenset[int]) -> str:
    """Ids as a JSON array for `json_each`."""
    return "[" + ",".join(str(int(i)) for i in sorted(ids)) + "]"
