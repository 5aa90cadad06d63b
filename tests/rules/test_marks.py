"""Mark rules: oral and written deadlines by grade and profile, date column, back-dating, count."""

from __future__ import annotations

import pytest

from tests.rules.conftest import Journal
from tests.tiny_school import CLASS_5A, IVANOV, MATH, MATH_TEACHER, PETROVA

DAY = "2026-11-16"  # a Monday in Q2


def add_class(journal: Journal, grade: int, class_id: int, student_id: int) -> None:
    """A class of `grade` with mathematics and one student."""
    conn = journal.conn
    conn.execute(
        "INSERT OR IGNORE INTO curriculum (year_id, grade, subject_id, hours_per_week)"
        " VALUES (1, ?, 1, 5)", (grade,))
    conn.execute(
        "INSERT INTO classes (id, year_id, grade, letter, name, class_teacher_id)"
        " VALUES (?, 1, ?, 'Я', ?, ?)", (class_id, grade, f"{grade}Я", MATH_TEACHER))
    conn.execute(
        "INSERT INTO students (id, last_name, first_name) VALUES (?, 'Ученик', ?)",
        (student_id, f"{grade}"))
    conn.execute(
        "INSERT INTO enrollments (student_id, class_id, from_date) VALUES (?, ?, '2026-09-01')",
        (student_id, class_id))
    conn.execute(
        "INSERT INTO teaching_assignments (class_id, subject_id, teacher_id) VALUES (?, 1, ?)",
        (class_id, MATH_TEACHER))


# Days a written work may take: (profile, grade) -> days, as the documents say.
WRITTEN_DAYS = {
    ("default", 8): 3, ("default", 9): 4, ("default", 10): 4,
    ("chernushka-5", 8): 3, ("chernushka-5", 9): 4, ("chernushka-5", 10): 4,
    ("chernushka-5-instruction", 8): 3, ("chernushka-5-instruction", 9): 3,
    ("chernushka-5-instruction", 10): 5,
    ("kerch-15", 8): 3, ("kerch-15", 9): 4, ("glazov", 8): 3, ("glazov", 9): 4,
}


@pytest.mark.parametrize(("profile", "grade"), sorted(WRITTEN_DAYS))
def test_written_work_marked_on_the_last_day_and_the_day_after(
    journal: Journal, profile: str, grade: int
) -> None:
    days = WRITTEN_DAYS[(profile, grade)]
    journal.use_profile(profile)
    add_class(journal, grade, 20, 100)
    lesson = journal.lesson(DAY, 1, class_id=20, control_type="test", work_topic="Дроби")
    journal.conn.execute(
        "INSERT INTO students (id, last_name, first_name) VALUES (101, 'Ученик', 'второй')")
    journal.conn.execute(
        "INSERT INTO enrollments (student_id, class_id, from_date) VALUES (101, 20, '2026-09-01')")
    on_time = journal.mark(100, lesson, "4", work_type="test", created=f"2026-11-{16 + days} 18:00")
    late = journal.mark(101, lesson, "4", work_type="test", created=f"2026-11-{17 + days} 09:00")
    journal.check("2026-11-25 12:00")
    assert journal.open("R-MARK-WRITTEN", "marks", on_time) == []
    [violation] = journal.open("R-MARK-WRITTEN", "marks", late)
    assert f"срока проверки {days} дн." in violation["message"]


@pytest.mark.parametrize(("grade", "days"), [(8, 3), (9, 4)])
def test_written_work_without_marks_is_due_after_its_days(
    journal: Journal, grade: int, days: int
) -> None:
    add_class(journal, grade, 20, 100)
    lesson = journal.lesson(DAY, 1, class_id=20, control_type="dictation", work_topic="Диктант")
    journal.check(f"2026-11-{16 + days} 23:59")
    assert journal.open("R-MARK-WRITTEN", "lessons", lesson) == []
    journal.check(f"2026-11-{17 + days} 00:01")
    [violation] = journal.open("R-MARK-WRITTEN", "lessons", lesson)
    assert violation["severity"] == "error"
    journal.mark(100, lesson, "5", work_type="dictation", created=f"2026-11-{17 + days} 08:00")
    journal.check(f"2026-11-{17 + days} 08:01")
    assert journal.open("R-MARK-WRITTEN", "lessons", lesson) == []


def test_oral_answer_is_marked_within_one_day(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4)
    next_day = journal.mark(IVANOV, lesson, created="2026-11-17 23:59")
    day_after = journal.mark(PETROVA, lesson, created="2026-11-18 00:01")
    journal.check("2026-11-20 12:00")
    assert journal.open("R-MARK-ORAL", "marks", next_day) == []
    assert len(journal.open("R-MARK-ORAL", "marks", day_after)) == 1


def test_mark_before_its_lesson_is_in_the_wrong_column(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4, created="2026-11-13 10:00")  # planned in advance
    early = journal.mark(IVANOV, lesson, created=f"{DAY} 11:19")  # slot 4 starts 11:20
    fine = journal.mark(PETROVA, lesson, created=f"{DAY} 11:21")
    journal.check(f"{DAY} 20:00")
    assert len(journal.open("R-MARK-DATE", "marks", early)) == 1
    assert journal.open("R-MARK-DATE", "marks", fine) == []
    correction = journal.conn.execute(
        "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, corrects_id,"
        " correction_reason, created_by, created_at) VALUES (?, ?, ?, '5', 'answer', ?,"
        " 'ошибка даты', 3, '2026-11-16T17:00:00Z')", (IVANOV, MATH, lesson, early)).lastrowid
    journal.check(f"{DAY} 20:01")
    assert journal.open("R-MARK-DATE", "marks", early) == []
    assert journal.open("R-MARK-DATE", "marks", correction) == []


def test_no_marks_after_the_period_ended(journal: Journal) -> None:
    lesson = journal.lesson("2026-10-22", 4)  # Q1 ends 2026-10-24
    last_day = journal.mark(IVANOV, lesson, work_type="homework", created="2026-10-24 23:59")
    after = journal.mark(PETROVA, lesson, work_type="homework", created="2026-10-25 00:01")
    journal.check("2026-11-02 12:00")
    assert journal.open("R-NO-BACKDATE", "marks", last_day) == []
    [violation] = journal.open("R-NO-BACKDATE", "marks", after)
    assert violation["severity"] == "error" and "1 четверть" in violation["message"]


Q1_DAYS = ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09", "2026-10-12",
           "2026-10-13", "2026-10-14", "2026-10-15", "2026-10-16"]


def q1_marks(journal: Journal, student: int, values: list[str], work_type: str = "answer") -> None:
    """Marks on successive Q1 lessons of 5А mathematics, each entered during its lesson."""
    for day, value in zip(Q1_DAYS, values, strict=False):
        lesson = journal.conn.execute(
            "SELECT id FROM lessons WHERE class_id = ? AND subject_id = 1 AND date = ?",
            (CLASS_5A, day)).fetchone()
        lesson_id = lesson[0] if lesson else journal.lesson(day, 4)
        journal.mark(student, lesson_id, value, work_type=work_type, created=f"{day} 11:30")


@pytest.mark.parametrize(("count", "violates"), [(2, True), (3, False)])
def test_a_period_mark_needs_three_marks_under_kerch(
    journal: Journal, count: int, violates: bool
) -> None:
    journal.use_profile("kerch-15")
    q1_marks(journal, IVANOV, ["4"] * count)
    journal.period_mark(IVANOV, MATH, "Q1", "4", created="2026-10-20 15:00")
    journal.check("2026-10-20 16:00")
    found = journal.open("R-MARK-COUNT", "students", IVANOV, subject_id=MATH,
                         period_id=journal.period_id("Q1"))
    assert bool(found) is violates
    if violates:
        assert found[0]["severity"] == "error"
        assert "текущих отметок 2, а нужно не меньше 3" in found[0]["message"]


@pytest.mark.parametrize(("count", "violates"), [(5, True), (6, False)])
def test_default_profile_asks_six_marks_at_five_hours_with_a_written_one(
    journal: Journal, count: int, violates: bool
) -> None:
    q1_marks(journal, IVANOV, ["4"] * (count - 1))
    q1_marks_written = journal.lesson("2026-10-19", 4, control_type="test", work_topic="Дроби")
    journal.mark(IVANOV, q1_marks_written, "5", work_type="test", created="2026-10-19 12:00")
    journal.check("2026-10-22 00:01")  # the period-mark deadline day (Q1 ends 24.10)
    found = journal.open("R-MARK-COUNT", "students", IVANOV, subject_id=MATH)
    assert bool(found) is violates


def test_mark_count_asks_for_a_written_work(journal: Journal) -> None:
    q1_marks(journal, IVANOV, ["4"] * 7)
    journal.check("2026-10-22 00:01")
    [violation] = journal.open("R-MARK-COUNT", "students", IVANOV, subject_id=MATH)
    assert "письменную" in violation["message"] and violation["severity"] == "warning"
    journal.check("2026-10-21 23:59")
    assert journal.open("R-MARK-COUNT", "students", IVANOV, subject_id=MATH) == []


def test_subjects_without_written_works_are_exempt(
    journal: Journal, tmp_path, monkeypatch
) -> None:
    (tmp_path / "no-written-math.toml").write_text(
        'extends = "default"\ntitle = "Математика без письменных"\n'
        '[mark_count]\nwritten_not_required = ["Математика"]\n', encoding="utf-8")
    monkeypatch.setenv("EJSYNC_PROFILE_DIR", str(tmp_path))
    journal.use_profile("no-written-math")
    q1_marks(journal, IVANOV, ["4"] * 7)
    journal.check("2026-10-22 00:01")
    assert journal.open("R-MARK-COUNT", "students", IVANOV, subject_id=MATH) == []
