"""Weekly printouts for families without electronic access (R-OFFLINE-FAMILY)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from ejsync.messages.printout import printed_messages
from ejsync.printing.journal import school_header
from ejsync.printing.marks import current_marks, work_label
from ejsync.printing.people import short_name, staff_by_id, student_name
from ejsync.render import ru_date, ru_datetime
from ejsync.store.clock import timezone_name

INTERVAL_SETTING = "offline_printout_weeks"


def printout_weeks(conn: sqlite3.Connection) -> int:
    """How many weeks one printout covers (R-OFFLINE-FAMILY profile setting: 1 or 2)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (INTERVAL_SETTING,)).fetchone()
    return 2 if row and row[0].strip() == "2" else 1


def span_bounds(day: date, weeks: int = 1) -> tuple[str, str]:
    """Monday of the week holding `day` and the Sunday `weeks` weeks later, ISO dates."""
    monday = day - timedelta(days=day.weekday())
    return monday.isoformat(), (monday + timedelta(days=7 * weeks - 1)).isoformat()


def offline_students(conn: sqlite3.Connection, monday: str, sunday: str) -> list[sqlite3.Row]:
    """Students of families that declined electronic access, enrolled that week, by class."""
    return conn.execute(
        "SELECT s.*, f.id AS family_id, f.title AS family_title, c.id AS class_id,"
        " c.name AS class_name, c.class_teacher_id FROM students s"
        " JOIN families f ON f.id = s.family_id AND f.electronic_access = 0"
        " JOIN enrollments e ON e.student_id = s.id AND e.from_date <= :b"
        "  AND IFNULL(e.to_date, '9999-12-31') >= :a"
        " JOIN classes c ON c.id = e.class_id"
        " ORDER BY c.grade, c.name, s.last_name, s.first_name, s.id",
        {"a": monday, "b": sunday},
    ).fetchall()


def student_lessons(
    conn: sqlite3.Connection, student: sqlite3.Row, monday: str, sunday: str
) -> list[sqlite3.Row]:
    """The student's lessons of the week: whole-class ones and those of the student's groups."""
    return conn.execute(
        "SELECT l.*, s.name AS subject_name FROM lessons l JOIN subjects s ON s.id = l.subject_id"
        " WHERE l.class_id = :c AND l.date BETWEEN :a AND :b AND (l.subgroup_id IS NULL OR"
        "  EXISTS (SELECT 1 FROM subgroup_members m WHERE m.subgroup_id = l.subgroup_id"
        "   AND m.student_id = :s AND m.from_date <= l.date"
        "   AND IFNULL(m.to_date, '9999-12-31') >= l.date))"
        " ORDER BY l.date, l.slot",
        {"c": student["class_id"], "a": monday, "b": sunday, "s": student["id"]},
    ).fetchall()


def _marks_by_lesson(conn: sqlite3.Connection, student_id: int, lesson_ids: list[int]) -> dict:
    if not lesson_ids:
        return {}
    rows = conn.execute(
        "SELECT m.*, w.title AS work_title FROM marks m LEFT JOIN work_types w"
        " ON w.code = m.work_type WHERE m.kind = 'current' AND m.student_id = ?"
        f" AND m.lesson_id IN ({','.join('?' * len(lesson_ids))}) ORDER BY m.id",
        (student_id, *lesson_ids),
    ).fetchall()
    found: dict[int, list[str]] = {}
    for mark in current_marks(rows):
        label = work_label(mark.row["work_type"], mark.row["work_title"] or "")
        found.setdefault(mark.row["lesson_id"], []).append(f"{mark.text} ({label})")
    return found


def balanced_split(sizes: list[int]) -> int:
    """Where to cut a list of day sizes into two columns so the longer column is shortest."""
    total = sum(sizes)
    return min(range(len(sizes) + 1),
               key=lambda cut: (max(sum(sizes[:cut]), total - sum(sizes[:cut])), -cut))


def build_student_page(
    conn: sqlite3.Connection, student: sqlite3.Row, monday: str, sunday: str
) -> dict:
    """One student's sheet of one week: lessons by day with topic, homework, marks and
    absences; remarks to the family."""
    lessons = student_lessons(conn, student, monday, sunday)
    ids = [lesson["id"] for lesson in lessons]
    marks = _marks_by_lesson(conn, student["id"], ids)
    absent = dict(conn.execute(
        f"SELECT lesson_id, code FROM attendance WHERE student_id = ?"
        f" AND lesson_id IN ({','.join('?' * len(ids)) or 'NULL'})", (student["id"], *ids)))
    comments = conn.execute(
        "SELECT c.text, c.kind, l.date FROM comments c LEFT JOIN lessons l ON l.id = c.lesson_id"
        " WHERE c.student_id = ? AND c.to_family = 1"
        " AND IFNULL(l.date, substr(c.created_at, 1, 10)) BETWEEN ? AND ? ORDER BY c.id",
        (student["id"], monday, sunday)).fetchall()
    days: dict[str, list[dict]] = {}
    for lesson in lessons:
        days.setdefault(lesson["date"], []).append({
            "slot": str(lesson["slot"]), "subject": lesson["subject_name"],
            "topic": lesson["topic"], "homework": lesson["homework"],
            "marks": ", ".join(marks.get(lesson["id"], [])),
            "absence": absent.get(lesson["id"], ""),
        })
    return {
        "name": f"{student_name(student)} {student['middle_name']}".strip(),
        "class_name": student["class_name"],
        "family": student["family_title"],
        "class_teacher": short_name(staff_by_id(conn, student["class_teacher_id"])),
        "week": f"{ru_date(monday, 'd MMMM')} — {ru_date(sunday, 'd MMMM y')}",
        "days": [{"title": ru_date(day, "EEEE, d MMMM").capitalize(), "lessons": rows}
                 for day, rows in days.items()],
        "split": balanced_split([len(rows) for rows in days.values()]),
        "comments": [f"{ru_date(c['date'], 'dd.MM') if c['date'] else ''} {c['text']}".strip()
                     for c in comments],
        "messages": printed_messages(conn, student["family_id"], student["id"], monday, sunday),
    }


def build_family_printouts(
    conn: sqlite3.Connection, week: date, *, weeks: int = 1, generated_at: str, as_of: str,
    preliminary: bool,
) -> dict:
    """The edition of `weeks` weeks from the week of `week`: one sheet per student of an
    offline family and week with lessons, sorted by class, then student, then week."""
    monday, sunday = span_bounds(week, weeks)
    students, pages = [], []
    for student in offline_students(conn, monday, sunday):
        sheets = [build_student_page(conn, student, *span_bounds(
            date.fromisoformat(monday) + timedelta(days=7 * n))) for n in range(weeks)]
        sheets = [sheet for sheet in sheets if sheet["days"]]
        if sheets:
            students.append(student)
            pages += sheets
    return {
        "school": school_header(conn),
        "week_of": monday,
        "span_title": "за неделю" if weeks == 1 else "за две недели",
        "week": f"{ru_date(monday, 'd MMMM')} — {ru_date(sunday, 'd MMMM y')}",
        "generated": ru_date(generated_at[:10]),
        "copy_of": ru_datetime(as_of, timezone_name(conn)),
        "preliminary": preliminary,
        "pages": pages,
        "students": [(s["family_id"], s["id"]) for s in students],
    }
