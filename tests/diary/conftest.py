"""Fixtures of the diary tests: the tiny school with a week of records, and a built diary."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from ejsync.diary import build_diaries, diary_tokens
from tests import tiny_school as t

TODAY = date(2026, 11, 18)  # Wednesday of the tiny school's lesson week


def add_week_records(conn: sqlite3.Connection) -> None:
    """Marks (one corrected by the deputy), an absence, a comment, events, a consultation."""
    conn.executescript(f"""
        INSERT INTO marks (id, student_id, subject_id, lesson_id, value, work_type, created_by)
        VALUES (101, {t.IVANOV}, {t.MATH}, {t.MATH_5A_MON}, '3', 'answer', {t.MATH_TEACHER}),
               (102, {t.IVANOV}, {t.MATH}, {t.MATH_5A_MON}, '5', 'test', {t.MATH_TEACHER}),
               (103, {t.PETROVA}, {t.MATH}, {t.MATH_5A_MON}, '2', 'answer', {t.MATH_TEACHER}),
               (104, {t.SMIRNOV}, {t.MATH}, {t.MATH_5B_MON}, '4', 'answer', {t.MATH_TEACHER});
        INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, corrects_id,
                           correction_reason, created_by)
        VALUES ({t.IVANOV}, {t.MATH}, {t.MATH_5A_MON}, '4', 'answer', 101,
                'ошибка при вводе', {t.DEPUTY});
        INSERT INTO attendance (lesson_id, student_id, code, created_by)
        VALUES ({t.ENGLISH_5A_G1}, {t.PETROVA}, 'Б', {t.MATH_TEACHER});  -- the class teacher
        INSERT INTO comments (student_id, lesson_id, kind, text, created_by)
        VALUES ({t.IVANOV}, {t.MATH_5A_MON}, 'praise', 'Отличная работа у доски', {t.MATH_TEACHER}),
               ({t.PETROVA}, {t.MATH_5A_MON}, 'remark', 'Не было тетради', {t.MATH_TEACHER});
        INSERT INTO comments (student_id, lesson_id, kind, text, to_family, created_by)
        VALUES ({t.IVANOV}, {t.MATH_5A_MON}, 'note', 'Служебная заметка', 0, {t.MATH_TEACHER});
        INSERT INTO events (date, starts_at, title, place, class_id)
        VALUES ('2026-11-27', '18:00', 'Родительское собрание 5А', 'каб. 205', {t.CLASS_5A}),
               ('2026-11-27', '18:00', 'Родительское собрание 5Б', 'каб. 206', {t.CLASS_5B}),
               ('2026-12-20', '', 'Новогодний концерт', 'актовый зал', NULL);
        INSERT INTO consultations (staff_id, room, weekday, starts_at, ends_at, topics)
        VALUES ({t.MATH_TEACHER}, '205', 3, '15:00', '16:00', 'успеваемость, доступ к дневнику');
    """)


@dataclass
class BuiltDiary:
    """A tiny school and its built diary."""

    db: Path
    out: Path
    tokens: dict[int, str]

    def page(self, student_id: int, name: str = "index.html") -> str:
        """The HTML of one page of a student."""
        return (self.out / self.tokens[student_id] / name).read_text(encoding="utf-8")


@pytest.fixture
def built_diary(tiny_school, tmp_path: Path) -> BuiltDiary:
    """The tiny school with a week of records, built for every student."""
    conn = tiny_school.connect()
    add_week_records(conn)
    out = tmp_path / "diary"
    build_diaries(conn, out, today=TODAY, covers_change_id=0)
    tokens = diary_tokens(conn)
    conn.close()
    return BuiltDiary(tiny_school.path, out, tokens)
