"""A small class with hand-countable marks, period marks, absences and diary views."""

from __future__ import annotations

import pytest

from ejsync.store import connect
from tests.rules.conftest import Journal, utc
from tests.tiny_school import (
    IVANOV,
    KUZNETSOVA,
    MATH,
    MATH_5A_MON,
    PETROVA,
    SIDOROV,
    TinySchool,
)

AS_OF = "2026-11-20"


@pytest.fixture
def report_school(tiny_school: TinySchool) -> TinySchool:
    """5А mathematics in Q2: three lessons, eight marks, two period marks, three absences.

    Weighted averages: Иванов (5 + 5·2)/3 = 5,00; Петрова (4 + 3)/2 = 3,50;
    Сидоров (2 + 3)/2 = 2,50; Кузнецова (2 + 2·2)/3 = 2,00 → forecasts 5, 4, 3, 2.
    Period marks: Иванов 5, Петрова 4.
    """
    conn = connect(tiny_school.path)
    journal = Journal(conn)
    tuesday = journal.lesson("2026-11-17", 4)
    wednesday = journal.lesson("2026-11-18", 4, control_type="test", work_topic="Дроби")
    journal.mark(IVANOV, tuesday, "5", created="2026-11-17 11:40")
    journal.mark(IVANOV, wednesday, "5", work_type="test", created="2026-11-18 15:00")
    journal.mark(PETROVA, tuesday, "4", created="2026-11-17 11:40")
    journal.mark(PETROVA, wednesday, "3", created="2026-11-18 11:40")
    journal.mark(SIDOROV, tuesday, "2", created="2026-11-17 11:40")
    journal.mark(SIDOROV, wednesday, "3", created="2026-11-18 11:40")
    journal.mark(KUZNETSOVA, tuesday, "2", created="2026-11-17 11:40")
    journal.mark(KUZNETSOVA, wednesday, "2", work_type="test", created="2026-11-18 15:00")
    journal.period_mark(IVANOV, MATH, "Q2", "5", created="2026-11-20 10:00")
    journal.period_mark(PETROVA, MATH, "Q2", "4", created="2026-11-20 10:00")
    for student, code in ((SIDOROV, "Б"), (KUZNETSOVA, "Н"), (PETROVA, "О")):
        conn.execute(
            "INSERT INTO attendance (lesson_id, student_id, code, created_by, created_at)"
            " VALUES (?, ?, ?, 4, ?)", (MATH_5A_MON, student, code, utc("2026-11-16 08:40")))
    for family, moment in ((1, "2026-11-18 19:00"), (1, "2026-11-19 19:00"),
                           (2, "2026-11-19 20:00"), (2, "2026-11-10 20:00")):
        conn.execute("INSERT INTO diary_views (family_id, student_id, viewed_at) VALUES (?, ?, ?)",
                     (family, family, utc(moment)))
    conn.close()
    return tiny_school
