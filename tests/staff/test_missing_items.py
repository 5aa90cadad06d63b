"""«Мои уроки» lists what a lesson still lacks, and never asks for marks below marks_from_grade."""

from __future__ import annotations

from datetime import date

from ejsync.staff.journal import slots_of_day
from tests.tiny_school import (
    CLASS_1A,
    LESSON_DATE,
    MATH_5A_MON,
    MATH_TEACHER,
    READING,
    READING_1A,
)


def connect_with_first_grade_timetable(tiny_school):
    """The tiny school, with the 1А reading lesson in the math teacher's timetable."""
    conn = tiny_school.connect()
    conn.execute(
        "INSERT INTO timetable (class_id, subject_id, teacher_id, weekday, slot, valid_from)"
        " VALUES (?, ?, ?, 1, 1, '2026-09-01')", (CLASS_1A, READING, MATH_TEACHER))
    return conn


def test_first_grade_lesson_is_not_missing_marks_but_fifth_grade_is(tiny_school):
    conn = connect_with_first_grade_timetable(tiny_school)
    conn.execute("UPDATE lessons SET homework = '' WHERE id = ?", (READING_1A,))
    by_lesson = {s["lesson_id"]: s["missing"]
                 for s in slots_of_day(conn, MATH_TEACHER, date.fromisoformat(LESSON_DATE))}
    assert "отметки" in by_lesson[MATH_5A_MON]
    assert by_lesson[READING_1A] == ["домашнее задание"]


def test_first_grade_lesson_is_marked_when_the_school_marks_from_grade_one(tiny_school):
    conn = connect_with_first_grade_timetable(tiny_school)
    conn.execute("UPDATE settings SET value = '1' WHERE key = 'marks_from_grade'")
    by_lesson = {s["lesson_id"]: s["missing"]
                 for s in slots_of_day(conn, MATH_TEACHER, date.fromisoformat(LESSON_DATE))}
    assert "отметки" in by_lesson[READING_1A]
