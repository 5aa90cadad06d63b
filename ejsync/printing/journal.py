"""The period journal of one class (P-PERIOD-PRINT): the data its Typst template prints."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from ejsync.grading import format_average, weighted_average
from ejsync.printing.hours import section_hours
from ejsync.printing.marks import (
    PrintedMark,
    correction_note,
    current_marks,
    short_date,
    work_label,
)
from ejsync.printing.people import short_name, staff_by_id, staff_with_role, student_name
from ejsync.printing.remarks import REMARK_ROWS, journal_remarks
from ejsync.profiles import active_profile
from ejsync.render import ru_date, ru_datetime
from ejsync.store.clock import timezone_name
from ejsync.store.periods import Period

COLUMNS_PER_SHEET = 23
ABSENCE_CODES = {"н": "отсутствовал(а)", "Б": "болезнь", "У": "уважительная причина",
                 "Н": "неуважительная причина", "О": "опоздание"}
NOT_ABSENT = {"О"}  # a late arrival is shown but not counted as a missed lesson


@dataclass(frozen=True)
class Section:
    """A subject of the class, or one subgroup of a split subject."""

    subject_id: int
    subject_name: str
    subject_short: str
    subgroup_id: int | None
    subgroup_name: str

    @property
    def title(self) -> str:
        if self.subgroup_id:
            return f"{self.subject_name}, {self.subgroup_name}"
        return self.subject_name


def school_header(conn: sqlite3.Connection) -> dict:
    """School name and address for a title page."""
    row = conn.execute("SELECT * FROM school WHERE id = 1").fetchone()
    if row is None:
        return {"name": "", "short_name": "", "address": ""}
    return {"name": row["name"], "short_name": row["short_name"], "address": row["address"]}


def class_students(conn: sqlite3.Connection, class_id: int, period: Period) -> list[sqlite3.Row]:
    """Students enrolled in the class at any time of the period, with their enrollment dates."""
    return conn.execute(
        "SELECT s.*, e.from_date, e.to_date FROM enrollments e"
        " JOIN students s ON s.id = e.student_id"
        " WHERE e.class_id = ? AND e.from_date <= ? AND IFNULL(e.to_date, '9999-12-31') >= ?"
        " ORDER BY s.last_name, s.first_name, s.middle_name, s.id",
        (class_id, period.ends_on.isoformat(), period.starts_on.isoformat()),
    ).fetchall()


def subgroup_student_ids(conn: sqlite3.Connection, subgroup_id: int, period: Period) -> set[int]:
    """Members of a subgroup at any time of the period."""
    return {r[0] for r in conn.execute(
        "SELECT student_id FROM subgroup_members WHERE subgroup_id = ? AND from_date <= ?"
        " AND IFNULL(to_date, '9999-12-31') >= ?",
        (subgroup_id, period.ends_on.isoformat(), period.starts_on.isoformat()),
    )}


def class_sections(conn: sqlite3.Connection, class_id: int, period: Period) -> list[Section]:
    """Subjects (and subgroups) taught to the class: by assignment or by a lesson held."""
    rows = conn.execute(
        "SELECT DISTINCT x.subject_id, s.name AS subject_name, s.short_name, x.subgroup_id,"
        " IFNULL(g.name, '') AS subgroup_name FROM ("
        "   SELECT subject_id, subgroup_id FROM teaching_assignments WHERE class_id = :c"
        "   UNION SELECT subject_id, subgroup_id FROM lessons"
        "   WHERE class_id = :c AND date BETWEEN :a AND :b) x"
        " JOIN subjects s ON s.id = x.subject_id LEFT JOIN subgroups g ON g.id = x.subgroup_id"
        " ORDER BY s.id, IFNULL(g.name, '')",
        {"c": class_id, "a": period.starts_on.isoformat(), "b": period.ends_on.isoformat()},
    )
    return [Section(r["subject_id"], r["subject_name"], r["short_name"], r["subgroup_id"],
                    r["subgroup_name"]) for r in rows]


def section_lessons(
    conn: sqlite3.Connection, class_id: int, section: Section, period: Period
) -> list[sqlite3.Row]:
    """Lessons of a section in the period, by date and slot."""
    return conn.execute(
        "SELECT l.*, w.title AS control_title FROM lessons l"
        " LEFT JOIN work_types w ON w.code = l.control_type"
        " WHERE l.class_id = ? AND l.subject_id = ? AND IFNULL(l.subgroup_id, 0) = ?"
        " AND l.date BETWEEN ? AND ? ORDER BY l.date, l.slot",
        (class_id, section.subject_id, section.subgroup_id or 0, period.starts_on.isoformat(),
         period.ends_on.isoformat()),
    ).fetchall()


def lesson_marks(conn: sqlite3.Connection, lesson_ids: list[int]) -> list[sqlite3.Row]:
    """Every current-kind mark row (corrected ones too) of the lessons, with work-type data."""
    if not lesson_ids:
        return []
    marks = []
    for chunk in _chunks(lesson_ids, 500):
        marks += conn.execute(
            "SELECT m.*, w.title AS work_title, w.weight, w.rowid AS work_order FROM marks m"
            " LEFT JOIN work_types w ON w.code = m.work_type"
            f" WHERE m.kind = 'current' AND m.lesson_id IN ({','.join('?' * len(chunk))})"
            " ORDER BY m.id",
            chunk,
        ).fetchall()
    return marks


def lesson_absences(conn: sqlite3.Connection, lesson_ids: list[int]) -> dict[tuple, str]:
    """Attendance codes by (lesson id, student id)."""
    found = {}
    for chunk in _chunks(lesson_ids, 500):
        for row in conn.execute(
            "SELECT lesson_id, student_id, code FROM attendance"
            f" WHERE lesson_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[(row[0], row[1])] = row[2]
    return found


def class_period_marks(
    conn: sqlite3.Connection, students: list[sqlite3.Row], period_id: int
) -> dict[int, dict[int, PrintedMark]]:
    """The current period mark of each of `students`, by subject and student: one query a
    journal, not one a subject over the whole school."""
    rows = []
    for chunk in _chunks([s["id"] for s in students], 500):
        rows += conn.execute(
            "SELECT * FROM marks WHERE period_id = ? AND kind = 'period'"
            f" AND student_id IN ({','.join('?' * len(chunk))}) ORDER BY id",
            (period_id, *chunk),
        ).fetchall()
    found: dict[int, dict[int, PrintedMark]] = defaultdict(dict)
    for mark in current_marks(rows):
        found[mark.row["subject_id"]][mark.row["student_id"]] = mark
    return found


def section_teachers(
    conn: sqlite3.Connection, class_id: int, section: Section, lessons: list[sqlite3.Row]
) -> list[sqlite3.Row]:
    """Teachers who sign a section: its assigned teachers, else those scheduled for it."""
    rows = conn.execute(
        "SELECT s.* FROM teaching_assignments t JOIN staff s ON s.id = t.teacher_id"
        " WHERE t.class_id = ? AND t.subject_id = ? AND IFNULL(t.subgroup_id, 0) = ?"
        " ORDER BY s.last_name",
        (class_id, section.subject_id, section.subgroup_id or 0),
    ).fetchall()
    if rows:
        return rows
    ids = sorted({lesson["scheduled_teacher_id"] for lesson in lessons})
    return [staff_by_id(conn, i) for i in ids]


def class_absences(conn: sqlite3.Connection, class_id: int, period: Period) -> dict[int, Counter]:
    """Attendance codes per student over all the class's lessons of the period."""
    found: dict[int, Counter] = defaultdict(Counter)
    for student_id, code in conn.execute(
        "SELECT a.student_id, a.code FROM attendance a JOIN lessons l ON l.id = a.lesson_id"
        " WHERE l.class_id = ? AND l.date BETWEEN ? AND ?",
        (class_id, period.starts_on.isoformat(), period.ends_on.isoformat()),
    ):
        found[student_id][code] += 1
    return found


def period_results(
    conn: sqlite3.Connection, klass: sqlite3.Row, period: Period, students: list[sqlite3.Row],
    sections: list[Section], finals: dict[int, dict[int, PrintedMark]],
) -> dict:
    """The closing sheet: every student's period marks by subject and lessons missed."""
    subjects = list(dict.fromkeys((s.subject_id, s.subject_short) for s in sections))
    absences = class_absences(conn, klass["id"], period)
    rows = []
    for number, student in enumerate(students, start=1):
        codes = absences[student["id"]]
        marks = [finals[subject_id].get(student["id"]) for subject_id, _ in subjects]
        rows.append({
            "no": number, "name": student_name(student),
            "marks": [mark.text if mark else "" for mark in marks],
            "missed": str(sum(n for code, n in codes.items() if code not in NOT_ABSENT)),
            "ill": str(codes["Б"]),
        })
    return {"subjects": [short for _, short in subjects], "rows": rows}


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _columns(lessons: list[sqlite3.Row], marks: list[PrintedMark]) -> list[dict]:
    """One column per lesson and work type marked in it (at least one column per lesson)."""
    types_by_lesson: dict[int, dict[str, tuple]] = defaultdict(dict)
    for mark in marks:
        row = mark.row
        types_by_lesson[row["lesson_id"]][row["work_type"]] = (row["work_order"], row["work_title"])
    columns = []
    for lesson in lessons:
        kinds = sorted(types_by_lesson[lesson["id"]].items(), key=lambda item: item[1][0])
        if not kinds:
            kinds = [(lesson["control_type"] or None, (0, lesson["control_title"] or ""))]
        for index, (code, (_, title)) in enumerate(kinds):
            columns.append({
                "lesson_id": lesson["id"], "work_type": code, "first": index == 0,
                "date": short_date(lesson["date"]), "slot": f"{lesson['slot']} ур.",
                "work": work_label(code, title),
            })
    return columns


def _student_note(student: sqlite3.Row, period: Period) -> str:
    notes = []
    if student["from_date"] > period.starts_on.isoformat():
        notes.append(f"прибыл(а) {ru_date(student['from_date'], 'dd.MM.y')}")
    if student["to_date"] and student["to_date"] < period.ends_on.isoformat():
        notes.append(f"выбыл(а) {ru_date(student['to_date'], 'dd.MM.y')}")
    return ", ".join(notes)


def build_section(
    conn: sqlite3.Connection, klass: sqlite3.Row, period: Period, section: Section,
    students: list[sqlite3.Row], timezone: str, finals: dict[int, PrintedMark],
) -> dict:
    """The sheets of one subject (subgroup): marks grid, lesson topics, corrections, signer;
    `finals` are the subject's period marks by student."""
    lessons = section_lessons(conn, klass["id"], section, period)
    lesson_ids = [lesson["id"] for lesson in lessons]
    lesson_dates = {lesson["id"]: lesson["date"] for lesson in lessons}
    if section.subgroup_id:
        members = subgroup_student_ids(conn, section.subgroup_id, period)
        students = [s for s in students if s["id"] in members]
    marks = current_marks(lesson_marks(conn, lesson_ids))
    absences = lesson_absences(conn, lesson_ids)
    columns = _columns(lessons, marks)
    cell_marks: dict[tuple, list[str]] = defaultdict(list)
    weighted: dict[int, list[tuple[str, float]]] = defaultdict(list)
    corrections = []
    for mark in marks:
        row = mark.row
        cell_marks[(row["student_id"], row["lesson_id"], row["work_type"])].append(mark.text)
        weighted[row["student_id"]].append((row["value"], row["weight"] or 1.0))
    names = {s["id"]: student_name(s) for s in students}
    for mark in marks:
        if mark.corrected and mark.row["student_id"] in names:
            when = f"{ru_date(lesson_dates[mark.row['lesson_id']], 'dd.MM.y')}" \
                   f" ({mark.row['work_title'] or 'отметка'})"
            corrections.append(correction_note(conn, mark, names[mark.row["student_id"]], when,
                                               timezone))
    for student_id, mark in finals.items():
        if mark.corrected and student_id in names:
            corrections.append(correction_note(
                conn, mark, names[student_id], f"отметка за {period.title}", timezone))
    missed = Counter(sid for (_, sid), code in absences.items() if code not in NOT_ABSENT)
    rows = []
    for number, student in enumerate(students, start=1):
        cells = []
        for column in columns:
            parts = []
            code = absences.get((column["lesson_id"], student["id"]))
            if column["first"] and code:
                parts.append(code)
            parts += cell_marks.get((student["id"], column["lesson_id"], column["work_type"]), [])
            cells.append(" ".join(parts))
        final = finals.get(student["id"])
        rows.append({
            "no": number, "name": names[student["id"]], "cells": cells,
            "final": final.text if final else "—",
            "average": format_average(weighted_average(weighted[student["id"]])) or "—",
            "missed": str(missed[student["id"]]),
        })
    sheets = []
    for start in range(0, max(len(columns), 1), COLUMNS_PER_SHEET):
        chunk = columns[start:start + COLUMNS_PER_SHEET]
        sheets.append({
            "columns": [{"date": c["date"], "slot": c["slot"], "work": c["work"]} for c in chunk],
            "rows": [{**r, "cells": r["cells"][start:start + COLUMNS_PER_SHEET]} for r in rows],
            "last": start + COLUMNS_PER_SHEET >= len(columns),
        })
    teachers = section_teachers(conn, klass["id"], section, lessons)
    hours = section_hours(conn, klass, section.subject_id, section.subgroup_id, period,
                          len(lessons))
    return {
        "title": section.title,
        "teachers": ", ".join(short_name(t) for t in teachers if t is not None),
        "hours": hours.text,
        "sheets": sheets,
        "lessons": [_lesson_entry(conn, lesson) for lesson in lessons],
        "corrections": corrections,
    }


def _lesson_entry(conn: sqlite3.Connection, lesson: sqlite3.Row) -> dict:
    topic = lesson["topic"]
    if lesson["control_type"]:
        work = lesson["control_title"] or lesson["control_type"]
        topic = f"{topic} ({work}{': ' + lesson['work_topic'] if lesson['work_topic'] else ''})"
    substitute = ""
    if lesson["teacher_id"] != lesson["scheduled_teacher_id"]:
        substitute = f"замена: {short_name(staff_by_id(conn, lesson['teacher_id']))}"
    return {"date": ru_date(lesson["date"], "dd.MM.y"), "slot": lesson["slot"], "topic": topic,
            "homework": lesson["homework"], "note": substitute}


def build_journal(
    conn: sqlite3.Connection, klass: sqlite3.Row, period: Period, *, generated_at: str,
    as_of: str, preliminary: bool,
) -> dict:
    """Everything the journal template prints for one class and period, with data as of
    `as_of` (the snapshot is already cut there)."""
    timezone = timezone_name(conn)
    students = class_students(conn, klass["id"], period)
    teacher = staff_by_id(conn, klass["class_teacher_id"])
    class_parts = class_sections(conn, klass["id"], period)
    finals = class_period_marks(conn, students, period.id)
    sections = [build_section(conn, klass, period, section, students, timezone,
                              finals[section.subject_id])
                for section in class_parts]
    legend = [{"label": work_label(r["code"], r["title"]), "title": r["title"]}
              for r in conn.execute("SELECT code, title FROM work_types ORDER BY rowid")]
    return {
        "school": school_header(conn),
        "class_name": klass["name"],
        "year": period.year_name,
        "period": period.title,
        "period_code": period.code,
        "period_short": f"{period.code[1]} {'чет.' if period.code.startswith('Q') else 'пол.'}",
        "period_dates": f"{ru_date(period.starts_on)} — {ru_date(period.ends_on)}",
        "class_teacher": short_name(teacher),
        "deputy": short_name(staff_with_role(conn, "deputy")),
        "director": short_name(staff_with_role(conn, "director")),
        "generated": ru_date(generated_at[:10]),
        "copy_of": ru_datetime(as_of, timezone),
        "preliminary": preliminary,
        "health_sheet": active_profile(conn)["print.health_sheet"],
        "remarks": journal_remarks(conn, klass["id"], period),
        "remark_rows": REMARK_ROWS,
        "students": [{"no": i, "name": f"{student_name(s)} {s['middle_name']}".strip(),
                      "birth": ru_date(s["birth_date"], "dd.MM.y") if s["birth_date"] else "",
                      "note": _student_note(s, period)} for i, s in enumerate(students, start=1)],
        "sections": sections,
        "results": period_results(conn, klass, period, students, class_parts, finals),
        "work_legend": legend,
        "absence_legend": [{"code": k, "title": v} for k, v in ABSENCE_CODES.items()],
    }
