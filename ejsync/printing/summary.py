"""The year summary sheet (сводная ведомость, P-SUMMARY): final marks and attendance per class."""

from __future__ import annotations

import sqlite3
from collections import Counter

from ejsync.printing.journal import class_students, school_header
from ejsync.printing.marks import current_marks
from ejsync.printing.people import short_name, staff_by_id, staff_with_role, student_name
from ejsync.render import ru_date, ru_datetime
from ejsync.store.clock import timezone_name
from ejsync.store.periods import Period

MARK_KINDS = [("year", "Годовые отметки"), ("exam", "Экзаменационные отметки"),
              ("final", "Итоговые отметки")]
ABSENCE_COLUMNS = ["Б", "У", "Н", "н"]
LATE = "О"


def class_subjects(conn: sqlite3.Connection, klass: sqlite3.Row) -> list[sqlite3.Row]:
    """Subjects of the class: its grade's curriculum plus any subject it has lessons in."""
    return conn.execute(
        "SELECT s.* FROM subjects s WHERE s.id IN ("
        " SELECT subject_id FROM curriculum WHERE year_id = :y AND grade = :g"
        " UNION SELECT subject_id FROM lessons WHERE class_id = :c) ORDER BY s.id",
        {"y": klass["year_id"], "g": klass["grade"], "c": klass["id"]},
    ).fetchall()


def year_marks(conn: sqlite3.Connection, year: Period, kind: str) -> dict[tuple, str]:
    """Current year/exam/final marks by (student, subject), corrected ones flagged."""
    rows = conn.execute(
        "SELECT * FROM marks WHERE period_id = ? AND kind = ? ORDER BY id", (year.id, kind)
    ).fetchall()
    return {(m.row["student_id"], m.row["subject_id"]): m.text for m in current_marks(rows)}


def absences(conn: sqlite3.Connection, klass: sqlite3.Row, year: Period) -> dict[int, Counter]:
    """Attendance codes per student over the class's lessons of the year."""
    found: dict[int, Counter] = {}
    for row in conn.execute(
        "SELECT a.student_id, a.code FROM attendance a JOIN lessons l ON l.id = a.lesson_id"
        " WHERE l.class_id = ? AND l.date BETWEEN ? AND ?",
        (klass["id"], year.starts_on.isoformat(), year.ends_on.isoformat()),
    ):
        found.setdefault(row[0], Counter())[row[1]] += 1
    return found


def build_class_summary(conn: sqlite3.Connection, klass: sqlite3.Row, year: Period) -> dict:
    """One class's sheet: one row per student with the year (exam, final) marks of every subject
    and the year's attendance, and its signers."""
    students = class_students(conn, klass["id"], year)
    subjects = class_subjects(conn, klass)
    found = {kind: year_marks(conn, year, kind) for kind, _ in MARK_KINDS}
    ids = {s["id"] for s in students}
    kinds = [kind for kind, _ in MARK_KINDS
             if kind == "year" or any(student in ids for student, _ in found[kind])]
    counts = absences(conn, klass, year)
    rows = []
    for number, student in enumerate(students, start=1):
        codes = counts.get(student["id"], Counter())
        cells = ["/".join(found[kind].get((student["id"], subject["id"]), "–") for kind in kinds)
                 for subject in subjects]
        rows.append({"no": number, "name": student_name(student),
                     "cells": [cell if cell.strip("/–") else "" for cell in cells],
                     "missed": str(sum(n for code, n in codes.items() if code != LATE)),
                     "by_code": [str(codes[c]) for c in ABSENCE_COLUMNS],
                     "late": str(codes[LATE])})
    return {
        "name": klass["name"],
        "class_teacher": short_name(staff_by_id(conn, klass["class_teacher_id"])),
        "subjects": [s["short_name"] for s in subjects],
        "subject_names": [f"{s['short_name']} — {s['name']}" for s in subjects],
        "marks_title": " / ".join(title for kind, title in MARK_KINDS if kind in kinds),
        "rows": rows,
    }


def build_summary(
    conn: sqlite3.Connection, year: Period, classes: list[sqlite3.Row], *, generated_at: str,
    as_of: str, preliminary: bool,
) -> dict:
    """The whole summary edition of a school year, with data as of `as_of`."""
    return {
        "school": school_header(conn),
        "year": year.year_name,
        "generated": ru_date(generated_at[:10]),
        "copy_of": ru_datetime(as_of, timezone_name(conn)),
        "preliminary": preliminary,
        "deputy": short_name(staff_with_role(conn, "deputy")),
        "director": short_name(staff_with_role(conn, "director")),
        "absence_columns": ABSENCE_COLUMNS,
        "classes": [build_class_summary(conn, klass, year) for klass in classes],
    }
