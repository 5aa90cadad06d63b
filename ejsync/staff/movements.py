"""Student movements (R-CLASS-LIST): enrolment, transfer between classes or subgroups, leaving.

Each is one write transaction; an enrolment is closed the day before the next one starts, so
a student is in exactly one class on every date and the lessons' class lists stay right."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from ejsync.errors import UserError
from ejsync.staff import journal


def parse_date(value: str, what: str) -> date:
    """A date typed in a form, or a Russian error naming the field."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise UserError(f"R-CLASS-LIST: укажите {what} (дата в виде ГГГГ-ММ-ДД).") from None


def current_enrollment(conn: sqlite3.Connection, student_id: int, day: date) -> dict:
    """The student's enrolment open on `day`, or a Russian error."""
    found = journal.one(
        conn, "SELECT e.*, c.name AS class_name FROM enrollments e JOIN classes c"
        " ON c.id = e.class_id WHERE e.student_id = ? AND e.from_date <= ?"
        " AND (e.to_date IS NULL OR e.to_date >= ?) ORDER BY e.from_date DESC LIMIT 1",
        (student_id, day.isoformat(), day.isoformat()))
    if found is None:
        raise UserError(f"R-CLASS-LIST: ученик не числится ни в одном классе на {day:%d.%m.%Y}.")
    return found


def _records_after(conn: sqlite3.Connection, student_id: int, class_id: int, last: date):
    return conn.execute(
        "SELECT MAX(l.date) FROM lessons l WHERE l.class_id = ? AND l.date > ? AND ("
        " EXISTS (SELECT 1 FROM marks m WHERE m.lesson_id = l.id AND m.student_id = ?) OR"
        " EXISTS (SELECT 1 FROM attendance a WHERE a.lesson_id = l.id AND a.student_id = ?))",
        (class_id, last.isoformat(), student_id, student_id)).fetchone()[0]


def _close(conn: sqlite3.Connection, student_id: int, enrollment: dict, last: date) -> None:
    if last < date.fromisoformat(enrollment["from_date"]):
        raise UserError(
            f"R-CLASS-LIST: ученик в {enrollment['class_name']} с "
            f"{date.fromisoformat(enrollment['from_date']):%d.%m.%Y}; дата должна быть позже.")
    later = _records_after(conn, student_id, enrollment["class_id"], last)
    if later:
        raise UserError(
            f"R-CLASS-LIST: у ученика есть отметки или пропуски в {enrollment['class_name']} "
            f"за {date.fromisoformat(later):%d.%m.%Y}, позже выбранной даты; выберите дату "
            "не раньше последнего урока, на котором он был в этом классе.")
    conn.execute("UPDATE enrollments SET to_date = ? WHERE id = ?",
                 (last.isoformat(), enrollment["id"]))
    conn.execute(
        "UPDATE subgroup_members SET to_date = ? WHERE student_id = ? AND from_date <= ?"
        " AND (to_date IS NULL OR to_date > ?) AND subgroup_id IN"
        " (SELECT id FROM subgroups WHERE class_id = ?)",
        (last.isoformat(), student_id, last.isoformat(), last.isoformat(),
         enrollment["class_id"]))


def enrol(conn: sqlite3.Connection, names: dict[str, str], class_id: int, first: date) -> int:
    """A new student in `class_id` from `first`; returns the student's id."""
    if not names.get("last_name") or not names.get("first_name"):
        raise UserError("R-CLASS-LIST: укажите фамилию и имя ученика.")
    cursor = conn.execute(
        "INSERT INTO students (last_name, first_name, middle_name, birth_date) VALUES (?, ?, ?, ?)",
        (names["last_name"], names["first_name"], names.get("middle_name", ""),
         names.get("birth_date") or None))
    conn.execute("INSERT INTO enrollments (student_id, class_id, from_date) VALUES (?, ?, ?)",
                 (cursor.lastrowid, class_id, first.isoformat()))
    return cursor.lastrowid


def transfer(conn: sqlite3.Connection, student_id: int, class_id: int, first: date) -> str:
    """Move a student to another class from `first`; returns the old class's name."""
    enrollment = current_enrollment(conn, student_id, first)
    if enrollment["class_id"] == class_id:
        raise UserError(f"R-CLASS-LIST: ученик уже в {enrollment['class_name']}.")
    _close(conn, student_id, enrollment, first - timedelta(days=1))
    conn.execute("INSERT INTO enrollments (student_id, class_id, from_date) VALUES (?, ?, ?)",
                 (student_id, class_id, first.isoformat()))
    return enrollment["class_name"]


def leave(conn: sqlite3.Connection, student_id: int, last: date) -> str:
    """The student leaves the school after `last`; returns the class's name."""
    enrollment = current_enrollment(conn, student_id, last)
    _close(conn, student_id, enrollment, last)
    return enrollment["class_name"]


def change_subgroup(conn: sqlite3.Connection, student_id: int, subgroup_id: int,
                    first: date) -> None:
    """Move a student into `subgroup_id` from `first` (out of the subject's other group)."""
    group = journal.one(conn, "SELECT * FROM subgroups WHERE id = ?", (subgroup_id,))
    enrollment = current_enrollment(conn, student_id, first)
    if group is None or group["class_id"] != enrollment["class_id"]:
        raise UserError("R-SUBGROUPS: выберите подгруппу класса, в котором учится ученик.")
    conn.execute(
        "UPDATE subgroup_members SET to_date = ? WHERE student_id = ? AND from_date < ?"
        " AND (to_date IS NULL OR to_date >= ?) AND subgroup_id IN (SELECT id FROM subgroups"
        " WHERE class_id = ? AND subject_id = ?)",
        ((first - timedelta(days=1)).isoformat(), student_id, first.isoformat(),
         first.isoformat(), group["class_id"], group["subject_id"]))
    conn.execute("INSERT INTO subgroup_members (subgroup_id, student_id, from_date)"
                 " VALUES (?, ?, ?)", (subgroup_id, student_id, first.isoformat()))
