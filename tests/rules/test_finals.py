"""Period marks: the deadline, the justification against the weighted average, the forecast."""

from __future__ import annotations

import pytest

from tests.rules.conftest import Journal
from tests.tiny_school import IVANOV, MATH, PETROVA

# Q2 of grades 1–9 ends on 2026-12-26: period marks are due by the end of 2026-12-24.


def test_period_mark_missing_after_the_deadline_day(journal: Journal) -> None:
    q2 = journal.period_id("Q2")
    journal.check("2026-12-24 23:59")
    assert journal.open("R-FINAL-DEADLINE", "students", IVANOV, subject_id=MATH, period_id=q2) == []
    journal.check("2026-12-25 00:01")
    [violation] = journal.open("R-FINAL-DEADLINE", "students", IVANOV, subject_id=MATH,
                               period_id=q2)
    assert violation["severity"] == "error" and "24.12.2026" in violation["message"]
    journal.period_mark(IVANOV, MATH, "Q2", "4", created="2026-12-25 09:00")
    journal.check("2026-12-25 09:01")
    [late] = journal.open("R-FINAL-DEADLINE", "students", IVANOV, subject_id=MATH, period_id=q2)
    assert late["severity"] == "warning" and "позже срока" in late["message"]
    history = journal.conn.execute(
        "SELECT count(*) FROM violations WHERE rule = 'R-FINAL-DEADLINE' AND record_id = ?"
        " AND subject_id = ? AND period_id = ?", (IVANOV, MATH, q2)).fetchone()[0]
    assert history == 1  # the same open violation, its message updated


def test_period_mark_on_the_deadline_day_is_on_time(journal: Journal) -> None:
    journal.period_mark(IVANOV, MATH, "Q2", "4", created="2026-12-24 23:00")
    journal.check("2026-12-25 12:00")
    assert journal.open("R-FINAL-DEADLINE", "students", IVANOV, subject_id=MATH,
                        period_id=journal.period_id("Q2")) == []


def marks_on(journal: Journal, student: int, values: list[str]) -> None:
    days = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]
    for day, value in zip(days, values, strict=False):
        lesson = journal.conn.execute(
            "SELECT id FROM lessons WHERE class_id = 2 AND subject_id = 1"
            " AND date = ? AND slot = 4",
            (day,)).fetchone()
        lesson_id = lesson[0] if lesson else journal.lesson(day, 4)
        journal.mark(student, lesson_id, value, created=f"{day} 11:30")


@pytest.mark.parametrize(("marks", "period_mark", "justified"), [
    (["3", "3", "3"], "4", True),     # |4 - 3.00| = 1.00: within the tolerance
    (["3", "3", "3"], "5", False),    # |5 - 3.00| = 2.00
    (["4", "4", "3"], "2", False),    # |2 - 3.67| = 1.67
    (["5", "4", "4"], "3", False),    # |3 - 4.33| = 1.33
])
def test_period_mark_follows_from_the_weighted_average(
    journal: Journal, marks: list[str], period_mark: str, justified: bool
) -> None:
    marks_on(journal, IVANOV, marks)
    mark_id = journal.period_mark(IVANOV, MATH, "Q2", period_mark, created="2026-12-20 10:00")
    journal.check("2026-12-20 11:00")
    found = journal.open("R-FINAL-JUSTIFIED", "marks", mark_id)
    assert (found == []) is justified


def test_weights_count_in_the_average(journal: Journal) -> None:
    # answer 3 (weight 1) and test 5 (weight 2): (3 + 10) / 3 = 4.33; a 3 is 1.33 away.
    lesson = journal.lesson("2026-11-17", 4, control_type="test", work_topic="Дроби")
    marks_on(journal, IVANOV, ["3"])
    journal.mark(IVANOV, lesson, "5", work_type="test", created="2026-11-17 15:00")
    mark_id = journal.period_mark(IVANOV, MATH, "Q2", "3", created="2026-12-20 10:00")
    journal.check("2026-12-20 11:00")
    [violation] = journal.open("R-FINAL-JUSTIFIED", "marks", mark_id)
    assert "средневзвешенном 4,33" in violation["message"]


def test_forecast_needs_a_mark_two_weeks_before_the_end(journal: Journal) -> None:
    marks_on(journal, PETROVA, ["4"])
    q2 = journal.period_id("Q2")
    journal.check("2026-12-11 23:59")
    assert journal.open("R-FORECAST", "students", IVANOV, subject_id=MATH, period_id=q2) == []
    journal.check("2026-12-12 00:01")
    assert len(journal.open("R-FORECAST", "students", IVANOV, subject_id=MATH, period_id=q2)) == 1
    assert journal.open("R-FORECAST", "students", PETROVA, subject_id=MATH, period_id=q2) == []
