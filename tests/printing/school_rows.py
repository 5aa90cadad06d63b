"""Rows added to the tiny school for print tests: a full quarter of mathematics in 5А."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from tests.tiny_school import (
    CLASS_5A,
    DEPUTY,
    ENGLISH,
    ENGLISH_5A_G1,
    ENGLISH_TEACHER,
    IVANOV,
    KUZNETSOVA,
    MATH,
    MATH_TEACHER,
    PETROVA,
    SIDOROV,
)

STUDENTS_5A = [IVANOV, PETROVA, SIDOROV, KUZNETSOVA]
WORK_TYPES = ["answer", "answer", "independent", "test", "homework"]
Q2_HOLIDAY_FREE = (date(2026, 11, 5), date(2026, 12, 25))


def school_days(start: date, end: date) -> list[str]:
    """Weekdays Monday–Friday from start to end."""
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def add_quarter_of_maths(conn: sqlite3.Connection, seed: int = 7) -> None:
    """About 35 maths lessons of 5А in Q2 with marks, absences, one correction, period marks."""
    rng = random.Random(seed)
    conn.execute("BEGIN")
    for day in school_days(*Q2_HOLIDAY_FREE):
        lesson = conn.execute(
            "INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id,"
            " teacher_id, topic, homework, created_by) VALUES (?, ?, ?, 4, ?, ?, ?, ?, ?)",
            (CLASS_5A, MATH, day, MATH_TEACHER, MATH_TEACHER, f"Тема урока {day}",
             f"Задачи к {day}", MATH_TEACHER),
        ).lastrowid
        for student in STUDENTS_5A:
            roll = rng.random()
            if roll < 0.1:
                conn.execute(
                    "INSERT INTO attendance (lesson_id, student_id, code, created_by)"
                    " VALUES (?, ?, ?, ?)", (lesson, student, rng.choice("нБУНО"), MATH_TEACHER))
            elif roll < 0.55:
                conn.execute(
                    "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                    " created_by) VALUES (?, ?, ?, ?, ?, ?)",
                    (student, MATH, lesson, rng.choice("2345"), rng.choice(WORK_TYPES),
                     MATH_TEACHER))
    first = conn.execute(
        "SELECT id FROM marks WHERE student_id = ? AND subject_id = ? ORDER BY id LIMIT 1",
        (PETROVA, MATH)).fetchone()[0]
    conn.execute(
        "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, corrects_id,"
        " correction_reason, created_by) SELECT student_id, subject_id, lesson_id,"
        " CASE value WHEN '5' THEN '4' ELSE '5' END, work_type, id, 'ошибка при вводе', ?"
        " FROM marks WHERE id = ?", (DEPUTY, first))
    period_id = conn.execute("SELECT id FROM periods WHERE code = 'Q2'").fetchone()[0]
    for student, value in zip(STUDENTS_5A, "5443", strict=True):
        conn.execute(
            "INSERT INTO marks (student_id, subject_id, kind, period_id, value, created_by)"
            " VALUES (?, ?, 'period', ?, ?, ?)", (student, MATH, period_id, value, MATH_TEACHER))
    conn.execute(
        "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by)"
        " VALUES (?, ?, ?, '5', 'answer', ?)", (IVANOV, ENGLISH, ENGLISH_5A_G1, ENGLISH_TEACHER))
    conn.execute("COMMIT")
