"""Named read queries of the diary: one function per question, batched per class."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

Rows = list[sqlite3.Row]
Span = tuple[str, str]  # first and last ISO date, both included
EVER: Span = ("", "9999-12-31")


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The school profile values kept in the database."""
    return {row["key"]: row["value"] for row in conn.execute("SELECT key, value FROM settings")}


def school(conn: sqlite3.Connection) -> sqlite3.Row | None:
    """The one school row (name, contacts, site address)."""
    return conn.execute("SELECT * FROM school WHERE id = 1").fetchone()


def academic_year(conn: sqlite3.Connection, today: str) -> sqlite3.Row | None:
    """The academic year holding `today`, else the latest one begun before it, else the first."""
    return conn.execute(
        "SELECT * FROM academic_years ORDER BY"
        " (? BETWEEN starts_on AND ends_on) DESC, (starts_on <= ?) DESC, starts_on DESC LIMIT 1",
        (today, today),
    ).fetchone()


def periods(conn: sqlite3.Connection, year_id: int) -> Rows:
    """All periods of a year, in date order (Y last)."""
    return conn.execute(
        "SELECT * FROM periods WHERE year_id = ? ORDER BY code = 'Y', starts_on, code", (year_id,)
    ).fetchall()


def holidays(conn: sqlite3.Connection, year_id: int) -> Rows:
    """Holidays and days off of a year."""
    return conn.execute(
        "SELECT * FROM holidays WHERE year_id = ? ORDER BY starts_on", (year_id,)
    ).fetchall()


def bells(conn: sqlite3.Connection) -> dict[int, sqlite3.Row]:
    """The bell schedule by slot."""
    return {row["slot"]: row for row in conn.execute("SELECT * FROM bell_schedule")}


def staff(conn: sqlite3.Connection) -> dict[int, sqlite3.Row]:
    """Every staff member by id (names and contacts shown to families)."""
    return {row["id"]: row for row in conn.execute("SELECT * FROM staff")}


def subjects(conn: sqlite3.Connection) -> dict[int, sqlite3.Row]:
    """Every subject by id."""
    return {row["id"]: row for row in conn.execute("SELECT * FROM subjects")}


def work_types(conn: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    """The fixed list of work types by code, with their weights."""
    return {row["code"]: row for row in conn.execute("SELECT * FROM work_types")}


def mark_titles(conn: sqlite3.Connection) -> dict[str, str]:
    """What each mark of the scale means ('5' → 'отлично')."""
    rows = conn.execute("SELECT value, title FROM mark_scale")
    return {row["value"]: row["title"] for row in rows}


def curriculum(conn: sqlite3.Connection, year_id: int) -> dict[int, list[int]]:
    """Subject ids of the curriculum by grade, in subject order."""
    by_grade: dict[int, list[int]] = {}
    for row in conn.execute(
        "SELECT grade, subject_id FROM curriculum WHERE year_id = ? ORDER BY grade, subject_id",
        (year_id,),
    ):
        by_grade.setdefault(row["grade"], []).append(row["subject_id"])
    return by_grade


def classes(conn: sqlite3.Connection, year_id: int) -> dict[int, sqlite3.Row]:
    """The classes of a year by id."""
    return {
        row["id"]: row
        for row in conn.execute("SELECT * FROM classes WHERE year_id = ?", (year_id,))
    }


def enrollments(conn: sqlite3.Connection, year_id: int,
                student_ids: Iterable[int] | None = None) -> Rows:
    """Every enrollment into a class of the year (of the given students only, unless None),
    with the student's names and family."""
    chosen = ("" if student_ids is None
              else " WHERE e.student_id IN (SELECT value FROM json_each(?))")
    return conn.execute(
        "SELECT e.student_id, e.class_id, e.from_date, e.to_date,"
        " s.last_name, s.first_name, s.middle_name, s.family_id"
        " FROM enrollments e JOIN students s ON s.id = e.student_id"
        " JOIN classes c ON c.id = e.class_id AND c.year_id = ?" + chosen +
        " ORDER BY e.class_id, s.last_name, s.first_name, e.from_date",
        (year_id,) if student_ids is None else (year_id, _json_ids(student_ids)),
    ).fetchall()


def class_lessons(conn: sqlite3.Connection, class_id: int, span: Span = EVER) -> Rows:
    """The lessons of a class within `span` (first, last ISO dates), in date and slot order."""
    return conn.execute(
        "SELECT * FROM lessons WHERE class_id = ? AND date BETWEEN ? AND ?"
        " ORDER BY date, slot, subgroup_id",
        (class_id, *span),
    ).fetchall()


def class_timetable(conn: sqlite3.Connection, class_id: int) -> Rows:
    """The timetable rows of a class."""
    return conn.execute(
        "SELECT * FROM timetable WHERE class_id = ? ORDER BY weekday, slot", (class_id,)
    ).fetchall()


def class_subgroup_members(conn: sqlite3.Connection, class_id: int) -> Rows:
    """Memberships in the subgroups of a class."""
    return conn.execute(
        "SELECT m.subgroup_id, m.student_id, m.from_date, m.to_date, g.subject_id, g.name"
        " FROM subgroup_members m JOIN subgroups g ON g.id = m.subgroup_id"
        " WHERE g.class_id = ?",
        (class_id,),
    ).fetchall()


def marks_of_students(conn: sqlite3.Connection, student_ids: Iterable[int]) -> Rows:
    """Every mark (all kinds, corrections included) of the given students, with lesson dates."""
    ids = list(student_ids)
    return conn.execute(
        "SELECT m.*, l.date AS lesson_date FROM marks m LEFT JOIN lessons l ON l.id = m.lesson_id"
        " WHERE m.student_id IN (SELECT value FROM json_each(?)) ORDER BY m.id",
        (_json_ids(ids),),
    ).fetchall()


def lesson_marks_of_students(conn: sqlite3.Connection, student_ids: Iterable[int],
                             span: Span) -> Rows:
    """The marks (corrections included) of the given students on the lessons within `span`.

    Driven by the lessons of the span: a week's marks without reading the year's."""
    return conn.execute(
        "SELECT m.*, l.date AS lesson_date FROM lessons l CROSS JOIN marks m"
        " ON m.lesson_id = l.id WHERE l.date BETWEEN ? AND ?"
        " AND m.student_id IN (SELECT value FROM json_each(?)) ORDER BY m.id",
        (*span, _json_ids(student_ids)),
    ).fetchall()


def attendance_of_students(conn: sqlite3.Connection, student_ids: Iterable[int],
                           span: Span = EVER) -> Rows:
    """The absence marks of the given students on lessons within `span`, with the lesson's
    date and subject."""
    return conn.execute(
        "SELECT a.*, l.date, l.slot, l.subject_id FROM attendance a"
        " JOIN lessons l ON l.id = a.lesson_id"
        " WHERE a.student_id IN (SELECT value FROM json_each(?)) AND l.date BETWEEN ? AND ?"
        " ORDER BY l.date, l.slot",
        (_json_ids(student_ids), *span),
    ).fetchall()


def family_comments_of_students(conn: sqlite3.Connection, student_ids: Iterable[int],
                                span: Span = EVER) -> Rows:
    """Remarks, praise and notes marked for families, of the given students, within `span`
    (a lesson's comment by the lesson's date, a note by the day it was written)."""
    return conn.execute(
        "SELECT c.* FROM comments c LEFT JOIN lessons l ON l.id = c.lesson_id"
        " WHERE c.to_family = 1 AND c.student_id IN (SELECT value FROM json_each(?))"
        " AND IFNULL(l.date, substr(c.created_at, 1, 10)) BETWEEN ? AND ?"
        " ORDER BY c.created_at, c.id",
        (_json_ids(student_ids), *span),
    ).fetchall()


def class_events(conn: sqlite3.Connection, class_id: int, starts_on: str, ends_on: str) -> Rows:
    """Events of one class, and the school's events for all grades or for the class's grade,
    within the given dates."""
    return conn.execute(
        "SELECT e.* FROM events e WHERE (e.class_id = :class OR (e.class_id IS NULL AND"
        " (SELECT c.grade FROM classes c WHERE c.id = :class)"
        " BETWEEN IFNULL(e.grade_from, 1) AND IFNULL(e.grade_to, 11)))"
        " AND e.date BETWEEN :a AND :b ORDER BY e.date, e.starts_at, e.id",
        {"class": class_id, "a": starts_on, "b": ends_on},
    ).fetchall()


def consultations(conn: sqlite3.Connection) -> Rows:
    """The consultation schedule (H-SCHEDULE), by weekday and time."""
    return conn.execute(
        "SELECT * FROM consultations ORDER BY weekday, starts_at, staff_id"
    ).fetchall()


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


# ----------------------------------------------------------------- what a change touches


def mark_details(conn: sqlite3.Connection, mark_ids: Iterable[int]) -> dict[int, sqlite3.Row]:
    """Kind, student, subject and the end of the period (period marks) of the given marks."""
    rows = conn.execute(
        "SELECT m.id, m.kind, m.student_id, m.subject_id, p.ends_on AS period_ends_on"
        " FROM marks m LEFT JOIN periods p ON p.id = m.period_id"
        " WHERE m.id IN (SELECT value FROM json_each(?))",
        (_json_ids(mark_ids),),
    )
    return {row["id"]: row for row in rows}


def comment_to_family(conn: sqlite3.Connection, comment_id: int) -> bool:
    """Whether a comment is for the family (True when it is gone: it may have been)."""
    row = conn.execute("SELECT to_family FROM comments WHERE id = ?", (comment_id,)).fetchone()
    return row is None or row[0] == 1


def outside_curriculum(conn: sqlite3.Connection, student_id: int, subject_id: int) -> bool:
    """Whether the subject is missing from the curriculum of a class the student is in."""
    row = conn.execute(
        "SELECT 1 FROM enrollments e JOIN classes c ON c.id = e.class_id"
        " LEFT JOIN curriculum k ON k.year_id = c.year_id AND k.grade = c.grade"
        "  AND k.subject_id = ?"
        " WHERE e.student_id = ? AND k.subject_id IS NULL LIMIT 1",
        (subject_id, student_id),
    ).fetchone()
    return row is not None


def teacher_already_listed(conn: sqlite3.Connection, lesson_id: int) -> bool:
    """Whether another lesson of the same class, subject, subgroup and scheduled teacher falls
    in the same period: then the teachers on the subjects page do not change."""
    row = conn.execute(
        "SELECT COUNT(*) FROM lessons l JOIN classes c ON c.id = l.class_id"
        " JOIN periods p ON p.year_id = c.year_id AND p.code <> 'Y'"
        "  AND c.grade BETWEEN p.grade_from AND p.grade_to"
        "  AND l.date BETWEEN p.starts_on AND p.ends_on"
        " JOIN lessons o ON o.class_id = l.class_id AND o.subject_id = l.subject_id"
        "  AND o.subgroup_id IS l.subgroup_id"
        "  AND o.scheduled_teacher_id = l.scheduled_teacher_id"
        "  AND o.date BETWEEN p.starts_on AND p.ends_on"
        " WHERE l.id = ?",
        (lesson_id,),
    ).fetchone()
    return row[0] >= 2


def class_students(conn: sqlite3.Connection, class_id: int, subgroup_id: int | None,
                   day: str | None) -> set[int]:
    """Students of a class (and subgroup) on `day`, or ever in it without a day."""
    sql = "SELECT DISTINCT e.student_id FROM enrollments e WHERE e.class_id = ?"
    params: list = [class_id]
    if day is not None:
        sql += " AND e.from_date <= ? AND (e.to_date IS NULL OR e.to_date >= ?)"
        params += [day, day]
    if subgroup_id is not None:
        sql += (" AND e.student_id IN (SELECT m.student_id FROM subgroup_members m"
                " WHERE m.subgroup_id = ?")
        params.append(subgroup_id)
        if day is not None:
            sql += " AND m.from_date <= ? AND (m.to_date IS NULL OR m.to_date >= ?)"
            params += [day, day]
        sql += ")"
    return {row[0] for row in conn.execute(sql, params)}
