"""Read queries of the teacher's pages: the week's lessons, a lesson's grid, absences."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, timedelta

from ejsync.store.rights import may

LESSON_KEY_SQL = (
    "SELECT id FROM lessons WHERE class_id = ? AND IFNULL(subgroup_id, 0) = IFNULL(?, 0)"
    " AND date = ? AND slot = ?"
)


def rows(conn: sqlite3.Connection, sql: str, params: tuple | dict = ()) -> list[dict]:
    """Rows of `sql` as dicts, whatever the connection's row factory."""
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(conn: sqlite3.Connection, sql: str, params: tuple | dict = ()) -> dict | None:
    """The first row of `sql` as a dict, or None."""
    found = rows(conn, sql, params)
    return found[0] if found else None


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def slots_of_day(conn: sqlite3.Connection, staff_id: int, day: date) -> list[dict]:
    """The teacher's timetable slots on `day` (and lessons they held as a substitute)."""
    iso = day.isoformat()
    planned = rows(
        conn,
        "SELECT t.id AS timetable_id, t.class_id, t.subgroup_id, t.subject_id, t.slot, t.room,"
        " c.name AS class_name, s.name AS subject_name, g.name AS subgroup_name,"
        " b.starts_at, b.ends_at, l.id AS lesson_id, l.topic, l.homework, l.teacher_id,"
        " (SELECT COUNT(*) FROM marks m WHERE m.lesson_id = l.id) AS mark_count,"
        " c.grade >= CAST(mg.value AS INTEGER) AS graded,"
        " EXISTS (SELECT 1 FROM holidays h WHERE h.year_id = c.year_id"
        "   AND c.grade BETWEEN h.grade_from AND h.grade_to"
        "   AND :day BETWEEN h.starts_on AND h.ends_on) AS holiday"
        " FROM timetable t JOIN classes c ON c.id = t.class_id"
        " JOIN settings mg ON mg.key = 'marks_from_grade'"
        " JOIN subjects s ON s.id = t.subject_id"
        " JOIN bell_schedule b ON b.slot = t.slot LEFT JOIN subgroups g ON g.id = t.subgroup_id"
        " LEFT JOIN lessons l ON l.class_id = t.class_id"
        "   AND IFNULL(l.subgroup_id, 0) = IFNULL(t.subgroup_id, 0)"
        "   AND l.date = :day AND l.slot = t.slot"
        " WHERE t.teacher_id = :staff AND t.weekday = :weekday AND t.valid_from <= :day"
        "   AND (t.valid_to IS NULL OR t.valid_to >= :day)"
        " UNION ALL "
        "SELECT NULL, l.class_id, l.subgroup_id, l.subject_id, l.slot, '', c.name, s.name, g.name,"
        " b.starts_at, b.ends_at, l.id, l.topic, l.homework, l.teacher_id,"
        " (SELECT COUNT(*) FROM marks m WHERE m.lesson_id = l.id),"
        " c.grade >= CAST(mg.value AS INTEGER), 0"
        " FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id"
        " JOIN settings mg ON mg.key = 'marks_from_grade'"
        " JOIN bell_schedule b ON b.slot = l.slot LEFT JOIN subgroups g ON g.id = l.subgroup_id"
        " WHERE l.date = :day AND l.teacher_id = :staff AND l.scheduled_teacher_id <> :staff"
        " UNION ALL "
        "SELECT t.id, t.class_id, t.subgroup_id, t.subject_id, t.slot, t.room, c.name, s.name,"
        " g.name, b.starts_at, b.ends_at, l.id, l.topic, l.homework, l.teacher_id,"
        " (SELECT COUNT(*) FROM marks m WHERE m.lesson_id = l.id),"
        " c.grade >= CAST(mg.value AS INTEGER), 0"
        " FROM substitutions su JOIN timetable t ON t.class_id = su.class_id"
        "   AND t.subgroup_id IS su.subgroup_id AND t.subject_id = su.subject_id"
        "   AND t.slot = su.slot AND t.teacher_id = su.absent_teacher_id"
        "   AND t.weekday = :weekday AND t.valid_from <= :day"
        "   AND (t.valid_to IS NULL OR t.valid_to >= :day)"
        " JOIN classes c ON c.id = t.class_id JOIN subjects s ON s.id = t.subject_id"
        " JOIN settings mg ON mg.key = 'marks_from_grade'"
        " JOIN bell_schedule b ON b.slot = t.slot LEFT JOIN subgroups g ON g.id = t.subgroup_id"
        " LEFT JOIN lessons l ON l.class_id = t.class_id"
        "   AND IFNULL(l.subgroup_id, 0) = IFNULL(t.subgroup_id, 0)"
        "   AND l.date = :day AND l.slot = t.slot"
        " WHERE su.substitute_id = :staff AND su.date = :day AND su.cancelled_at IS NULL"
        "   AND (l.id IS NULL OR l.teacher_id <> :staff)"
        " ORDER BY 5",
        {"day": iso, "staff": staff_id, "weekday": day.isoweekday()},
    )
    for slot in planned:
        slot["date"] = iso
        slot["missing"] = missing_items(slot)
        slot["substituted_by_other"] = bool(
            slot["lesson_id"] and slot["teacher_id"] not in (None, staff_id)
        )
    return [s for s in planned if not s["holiday"]]


def missing_items(slot: dict) -> list[str]:
    """What is still missing in a lesson record, in Russian."""
    if slot["lesson_id"] is None:
        return ["урок не записан"]
    missing = []
    if not (slot["topic"] or "").strip():
        missing.append("тема")
    if not (slot["homework"] or "").strip():
        missing.append("домашнее задание")
    if slot["graded"] and not slot["mark_count"]:  # no marks below marks_from_grade
        missing.append("отметки")
    return missing


def open_violations(conn: sqlite3.Connection, staff_id: int) -> list[dict]:
    """The teacher's open soft-rule violations, most urgent first."""
    return rows(
        conn,
        "SELECT v.id, v.rule, v.severity, v.message, v.due_at, v.found_at, v.record_table,"
        " v.record_id, c.name AS class_name, s.name AS subject_name"
        " FROM violations v LEFT JOIN classes c ON c.id = v.class_id"
        " LEFT JOIN subjects s ON s.id = v.subject_id"
        " WHERE v.responsible_id = ? AND v.closed_at IS NULL"
        " ORDER BY CASE v.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,"
        " IFNULL(v.due_at, v.found_at)",
        (staff_id,),
    )


def lesson_header(conn: sqlite3.Connection, lesson_id: int) -> dict | None:
    """A lesson with its class, subject, subgroup and teachers' names."""
    return one(
        conn,
        "SELECT l.*, c.name AS class_name, c.grade, s.name AS subject_name,"
        " g.name AS subgroup_name, b.starts_at, b.ends_at,"
        " st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS scheduled_name,"
        " ht.last_name || ' ' || ht.first_name || ' ' || ht.middle_name AS teacher_name"
        " FROM lessons l JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id"
        " JOIN bell_schedule b ON b.slot = l.slot LEFT JOIN subgroups g ON g.id = l.subgroup_id"
        " JOIN staff st ON st.id = l.scheduled_teacher_id JOIN staff ht ON ht.id = l.teacher_id"
        " WHERE l.id = ?",
        (lesson_id,),
    )


def planned_header(conn: sqlite3.Connection, timetable_id: int, day: str) -> dict | None:
    """A not-yet-recorded lesson from a timetable row on `day`, shaped like lesson_header."""
    return one(
        conn,
        "SELECT NULL AS id, t.class_id, t.subgroup_id, t.subject_id, :day AS date, t.slot,"
        " t.teacher_id AS scheduled_teacher_id, t.teacher_id, '' AS topic, '' AS homework,"
        " '' AS control_type, '' AS work_topic, c.name AS class_name, c.grade,"
        " s.name AS subject_name, g.name AS subgroup_name, b.starts_at, b.ends_at,"
        " st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS scheduled_name,"
        " st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS teacher_name"
        " FROM timetable t JOIN classes c ON c.id = t.class_id"
        " JOIN settings mg ON mg.key = 'marks_from_grade'"
        " JOIN subjects s ON s.id = t.subject_id"
        " JOIN bell_schedule b ON b.slot = t.slot LEFT JOIN subgroups g ON g.id = t.subgroup_id"
        " JOIN staff st ON st.id = t.teacher_id WHERE t.id = :tt",
        {"tt": timetable_id, "day": day},
    )


def lesson_students(conn: sqlite3.Connection, header: dict) -> list[dict]:
    """The class (or subgroup) list on the lesson date, with this lesson's marks and absence."""
    students = rows(
        conn,
        "SELECT st.id, st.last_name, st.first_name FROM students st"
        " JOIN enrollments e ON e.student_id = st.id AND e.class_id = :class"
        "  AND e.from_date <= :day AND (e.to_date IS NULL OR e.to_date >= :day)"
        " WHERE :group IS NULL OR EXISTS (SELECT 1 FROM subgroup_members m"
        "  WHERE m.subgroup_id = :group AND m.student_id = st.id"
        "  AND m.from_date <= :day AND (m.to_date IS NULL OR m.to_date >= :day))"
        " ORDER BY st.last_name, st.first_name",
        {"class": header["class_id"], "group": header["subgroup_id"], "day": header["date"]},
    )
    marks: dict[int, list[dict]] = {}
    absences: dict[int, str] = {}
    comments: dict[int, list[dict]] = {}
    if header.get("id"):
        for mark in rows(
            conn,
            "SELECT m.id, m.student_id, m.value, m.work_type, w.title AS work_title,"
            " m.corrects_id, m.correction_reason,"
            " NOT EXISTS (SELECT 1 FROM marks n WHERE n.corrects_id = m.id) AS current"
            " FROM marks m LEFT JOIN work_types w ON w.code = m.work_type"
            " WHERE m.lesson_id = ? ORDER BY m.id",
            (header["id"],),
        ):
            marks.setdefault(mark["student_id"], []).append(mark)
        for absence in rows(
            conn, "SELECT student_id, code FROM attendance WHERE lesson_id = ?", (header["id"],)
        ):
            absences[absence["student_id"]] = absence["code"]
        for comment in rows(
            conn,
            "SELECT student_id, kind, text, EXISTS (SELECT 1 FROM comment_notices n"
            " WHERE n.comment_id = comments.id) AS sent FROM comments WHERE lesson_id = ?"
            " ORDER BY id",
            (header["id"],),
        ):
            comments.setdefault(comment["student_id"], []).append(comment)
    for student in students:
        student["marks"] = [m for m in marks.get(student["id"], []) if m["current"]]
        student["absence"] = absences.get(student["id"], "")
        student["comments"] = comments.get(student["id"], [])
    return students


def _fingerprint(parts: list) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


EMPTY_STUDENT = _fingerprint([])


def lesson_revision(conn: sqlite3.Connection, lesson_id: int | None) -> str:
    """A fingerprint of the lesson's own fields (topic, homework, control, who held it)."""
    if lesson_id is None:
        return "new"
    row = conn.execute(
        "SELECT topic, homework, control_type, work_topic, teacher_id FROM lessons WHERE id = ?",
        (lesson_id,)).fetchone()
    return _fingerprint(list(row)) if row else "new"


def student_revisions(conn: sqlite3.Connection, lesson_id: int | None) -> dict[int, str]:
    """A fingerprint per student of their marks, absence and notes on this lesson; a student
    without any has EMPTY_STUDENT. Changes when anyone saves something for that student."""
    if lesson_id is None:
        return {}
    parts: dict[int, list] = {}
    for row in conn.execute(
        "SELECT student_id, 'm', id, value || work_type FROM marks WHERE lesson_id = :id"
        " UNION ALL SELECT student_id, 'a', id, code FROM attendance WHERE lesson_id = :id"
        " UNION ALL SELECT student_id, 'c', id, '' FROM comments WHERE lesson_id = :id"
        " ORDER BY 1, 2, 3", {"id": lesson_id},
    ):
        parts.setdefault(row[0], []).append(tuple(row[1:]))
    return {student: _fingerprint(items) for student, items in parts.items()}


def choice_lists(conn: sqlite3.Connection) -> dict:
    """The mark scale and work types for the form's selects."""
    return {
        "scale": rows(
            conn,
            "SELECT value, title FROM mark_scale ORDER BY numeric_value IS NULL,"
            " numeric_value DESC, value",
        ),
        "work_types": rows(conn, "SELECT code, title, kind FROM work_types ORDER BY rowid"),
    }


def substitutes_lesson(conn: sqlite3.Connection, staff_id: int, header: dict) -> bool:
    """Whether the deputy recorded `staff_id` as the substitute for this lesson's slot."""
    return one(
        conn,
        "SELECT 1 FROM substitutions WHERE substitute_id = ? AND class_id = ?"
        " AND subgroup_id IS ? AND date = ? AND slot = ? AND cancelled_at IS NULL",
        (staff_id, header["class_id"], header["subgroup_id"], header["date"], header["slot"]),
    ) is not None


def may_write_lesson(conn: sqlite3.Connection, staff_id: int, header: dict) -> bool:
    """Whether `staff_id` may write this lesson, by the rights the store checks
    (ejsync/store/rights.toml: the teacher's load or a substitution the deputy recorded)."""
    if header.get("id"):
        return may(conn, staff_id, "lessons", "update", row_id=header["id"])
    values = {key: header[key] for key in ("class_id", "subgroup_id", "subject_id", "date", "slot")}
    return may(conn, staff_id, "lessons", "insert", values=dict(values, teacher_id=staff_id))
