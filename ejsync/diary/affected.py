"""Which students' pages a range of the change log touches."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from ejsync.diary.calendar import monday

# Tables whose change rows name the one student they concern.
STUDENT_TABLES = {"marks", "attendance", "comments", "enrollments", "subgroup_members",
                  "students", "diary_tokens", "acknowledgements"}
# Tables whose change rows name a class (and maybe a subgroup): their students are touched.
CLASS_TABLES = {"lessons", "timetable", "teaching_assignments", "thematic_plan", "subgroups",
                "classes", "events"}
# Tables whose change rows carry the day whose week page shows the row (NULL: unknown).
DATED_TABLES = {"lessons", "marks", "attendance", "comments"}
# Tables the diary never shows (their change rows are for the regulation checks).
UNSHOWN_TABLES = {"staff_roles", "support_requests", "family_printouts", "violation_waivers"}


@dataclass
class Affected:
    """Students to rebuild (everyone, or some) and, for each, which of their week pages."""

    everyone: bool = False
    weeks: dict[int, set[date] | None] = field(default_factory=dict)  # Mondays; None: all

    def __bool__(self) -> bool:
        return self.everyone or bool(self.weeks)

    @property
    def ids(self) -> set[int]:
        """The students touched."""
        return set(self.weeks)

    def touch(self, student_id: int, change: sqlite3.Row) -> None:
        """Record that `change` shows on the student's pages: on one week's page when it
        carries its day, on every week's page when it does not (or is not dated at all)."""
        weeks = self.weeks.setdefault(student_id, set())
        if weeks is None:
            return
        day = change["day"] if change["tbl"] in DATED_TABLES else None
        if day is not None:
            weeks.add(monday(date.fromisoformat(day)))
        elif change["tbl"] != "marks":  # a mark without a lesson: no week page shows it
            self.weeks[student_id] = None


def last_change_id(conn: sqlite3.Connection) -> int:
    """The newest id of the change log (0 when empty)."""
    return conn.execute("SELECT IFNULL(MAX(id), 0) FROM changes").fetchone()[0]


def read_changes(conn: sqlite3.Connection, since: int, until: int) -> list[sqlite3.Row]:
    """Change rows with since < id <= until, in order."""
    return conn.execute(
        "SELECT * FROM changes WHERE id > ? AND id <= ? ORDER BY id", (since, until)
    ).fetchall()


def affected_students(conn: sqlite3.Connection, changes: list[sqlite3.Row]) -> Affected:
    """Map change rows to the students whose diary shows what changed."""
    result = Affected()
    for change in changes:
        table = change["tbl"]
        if table in UNSHOWN_TABLES:
            continue
        if table in STUDENT_TABLES and change["student_id"] is not None:
            students = {change["student_id"]}
        elif table in CLASS_TABLES and change["class_id"] is not None:
            students = _class_students(conn, change)
        elif table == "families":
            students = _family_students(conn, change["row_id"])
        elif table == "guardians":
            family = conn.execute(
                "SELECT family_id FROM guardians WHERE id = ?", (change["row_id"],)
            ).fetchone()
            if family is None:  # deleted: its family is unknown now
                return Affected(everyone=True)
            students = _family_students(conn, family[0])
        else:  # the school, settings, periods, staff, subjects, school-wide events ...
            return Affected(everyone=True)
        for student_id in students:
            result.touch(student_id, change)
    return result


def _family_students(conn: sqlite3.Connection, family_id: int) -> set[int]:
    rows = conn.execute("SELECT id FROM students WHERE family_id = ?", (family_id,))
    return {row[0] for row in rows}


def _class_students(conn: sqlite3.Connection, change: sqlite3.Row) -> set[int]:
    """Students of the change's class (and subgroup) on the lesson's date, or ever."""
    day = None
    if change["tbl"] == "lessons":
        day = change["day"]
        if day is None:  # logged before changes had a day: its students on its date now
            row = conn.execute("SELECT date FROM lessons WHERE id = ?",
                               (change["row_id"],)).fetchone()
            day = row[0] if row else None
    sql = "SELECT DISTINCT e.student_id FROM enrollments e WHERE e.class_id = ?"
    params: list = [change["class_id"]]
    if day is not None:
        sql += " AND e.from_date <= ? AND (e.to_date IS NULL OR e.to_date >= ?)"
        params += [day, day]
    if change["subgroup_id"] is not None and change["tbl"] != "subgroups":
        sql += (" AND e.student_id IN (SELECT m.student_id FROM subgroup_members m"
                " WHERE m.subgroup_id = ?")
        params.append(change["subgroup_id"])
        if day is not None:
            sql += " AND m.from_date <= ? AND (m.to_date IS NULL OR m.to_date >= ?)"
            params += [day, day]
        sql += ")"
    return {row[0] for row in conn.execute(sql, params)}
