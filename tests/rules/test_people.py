"""Attendance, subgroups, class lists and families: each rule inside and outside its boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.rules.conftest import Journal, utc
from tests.tiny_school import (
    CLASS_5A,
    ENGLISH,
    GROUP_1,
    GROUP_2,
    IVANOV,
    KUZNETSOVA,
    MATH_TEACHER,
    PETROVA,
    SIDOROV,
)

DAY = "2026-11-16"


def absence(journal: Journal, lesson: int, student: int, code: str = "н") -> int:
    return journal.conn.execute(
        "INSERT INTO attendance (lesson_id, student_id, code, created_by, created_at)"
        " VALUES (?, ?, ?, 4, ?)", (lesson, student, code, utc(f"{DAY} 11:30"))).lastrowid


def test_absence_reason_within_a_week(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4)
    row = absence(journal, lesson, IVANOV)
    journal.check("2026-11-23 23:59")
    assert journal.open("R-ABSENCE-REASON", "attendance", row) == []
    journal.check("2026-11-24 00:01")
    [violation] = journal.open("R-ABSENCE-REASON", "attendance", row)
    assert violation["responsible_id"] == MATH_TEACHER  # 5А's class teacher
    journal.conn.execute("UPDATE attendance SET code = 'Б', reason_set_by = 4 WHERE id = ?", (row,))
    journal.check("2026-11-24 00:02")
    assert journal.open("R-ABSENCE-REASON", "attendance", row) == []


@pytest.mark.parametrize(("values", "failing"), [(["2", "3"], False), (["2", "2", "3"], True)])
def test_failing_student_family_is_notified(
    journal: Journal, values: list[str], failing: bool
) -> None:
    # averages 2.5 (not below 2.5) and 2.33
    for n, value in enumerate(values):
        lesson = journal.lesson(f"2026-11-{17 + n}", 4)
        journal.mark(IVANOV, lesson, value, created=f"2026-11-{17 + n} 11:30")
    q2 = journal.period_id("Q2")
    journal.check("2026-11-20 12:00")
    found = journal.open("R-NOTIFY-FAILING", "students", IVANOV, period_id=q2)
    assert bool(found) is failing
    if failing:
        assert "Математика" in found[0]["message"]
        journal.conn.execute(
            "INSERT INTO comments (student_id, kind, text, to_family, created_by, created_at)"
            " VALUES (?, 'note', 'Прошу прийти на консультацию по математике.', 1, 4, ?)",
            (IVANOV, utc("2026-11-20 12:30")))
        journal.check("2026-11-20 13:00")
        assert journal.open("R-NOTIFY-FAILING", "students", IVANOV, period_id=q2) == []


@pytest.mark.parametrize(("missed", "notify"), [(2, False), (3, True)])
def test_unexcused_absences_notify_the_family(journal: Journal, missed: int, notify: bool) -> None:
    for n in range(missed):
        lesson = journal.lesson(f"2026-11-{17 + n}", 4)
        absence(journal, lesson, PETROVA, "Н")
    journal.check("2026-11-20 12:00")
    found = journal.open("R-NOTIFY-FAILING", "students", PETROVA, period_id=journal.period_id("Q2"))
    assert bool(found) is notify


def test_every_student_of_a_split_class_is_in_a_subgroup(journal: Journal) -> None:
    journal.check(f"{DAY} 12:00")
    assert journal.open("R-SUBGROUPS", "students", KUZNETSOVA) == []
    journal.conn.execute(
        "UPDATE subgroup_members SET to_date = '2026-11-15' WHERE student_id = ?", (KUZNETSOVA,))
    journal.check(f"{DAY} 12:00")
    [violation] = journal.open("R-SUBGROUPS", "students", KUZNETSOVA, subject_id=ENGLISH)
    assert "не входит ни в одну подгруппу" in violation["message"]


@pytest.mark.parametrize(("moved_on", "allowed"), [("2026-11-05", True), ("2026-11-06", False)])
def test_subgroup_moves_only_at_a_period_start(
    journal: Journal, moved_on: str, allowed: bool
) -> None:
    # Q2 starts on 2026-11-05.
    day_before = {"2026-11-05": "2026-11-04", "2026-11-06": "2026-11-05"}[moved_on]
    journal.conn.execute(
        "UPDATE subgroup_members SET to_date = ? WHERE student_id = ?", (day_before, SIDOROV))
    member = journal.conn.execute(
        "INSERT INTO subgroup_members (subgroup_id, student_id, from_date) VALUES (?, ?, ?)",
        (GROUP_1, SIDOROV, moved_on)).lastrowid
    journal.check(f"{DAY} 12:00")
    assert (journal.open("R-SUBGROUPS", "subgroup_members", member) == []) is allowed


def test_split_subject_lesson_names_its_subgroup(journal: Journal) -> None:
    whole = journal.lesson(DAY, 5, subject_id=ENGLISH, teacher=6)
    group = journal.lesson(DAY, 6, subject_id=ENGLISH, teacher=6, subgroup_id=GROUP_2)
    journal.check(f"{DAY} 20:00")
    assert len(journal.open("R-SUBGROUPS", "lessons", whole)) == 1
    assert journal.open("R-SUBGROUPS", "lessons", group) == []


def test_class_list_needs_reachable_guardians(journal: Journal) -> None:
    journal.check(f"{DAY} 12:00")
    assert journal.open("R-CLASS-LIST", "students", IVANOV) == []
    journal.conn.execute("UPDATE guardians SET phone = '' WHERE family_id = 1")
    journal.check(f"{DAY} 12:00")
    [violation] = journal.open("R-CLASS-LIST", "students", IVANOV)
    assert "нет ни телефона, ни эл. почты" in violation["message"]
    journal.conn.execute("UPDATE guardians SET email = 'ivanova@example.ru' WHERE family_id = 1")
    journal.check(f"{DAY} 12:01")
    assert journal.open("R-CLASS-LIST", "students", IVANOV) == []


def printout(journal: Journal, student: int, day: str) -> None:
    journal.conn.execute(
        "INSERT INTO family_printouts (family_id, student_id, week_of, printed_at)"
        " VALUES ((SELECT family_id FROM students WHERE id = ?), ?, ?, ?)",
        (student, student, day, utc(f"{day} 15:00")))


@pytest.mark.parametrize(("profile", "days"), [("default", 7), ("glazov", 7), ("chernushka-5", 14)])
def test_offline_family_printout_interval(journal: Journal, profile: str, days: int) -> None:
    # The Sidorovs (5А) declined electronic access.
    journal.use_profile(profile)
    printout(journal, SIDOROV, DAY)
    last_ok = date(2026, 11, 16) + timedelta(days=days)
    journal.check(f"{last_ok} 23:59")
    assert journal.open("R-OFFLINE-FAMILY", "students", SIDOROV) == []
    journal.check(f"{last_ok + timedelta(days=1)} 00:01")
    assert len(journal.open("R-OFFLINE-FAMILY", "students", SIDOROV)) == 1
    assert journal.open("R-OFFLINE-FAMILY", "students", IVANOV) == []  # online family


def view(journal: Journal, student: int, moment: str) -> None:
    journal.conn.execute(
        "INSERT INTO diary_views (family_id, student_id, viewed_at)"
        " VALUES ((SELECT family_id FROM students WHERE id = ?), ?, ?)",
        (student, student, utc(moment)))


@pytest.mark.parametrize(("views", "enough"), [(1, False), (2, True)])
def test_families_read_the_diary_twice_a_week(journal: Journal, views: int, enough: bool) -> None:
    for n in range(views):
        view(journal, IVANOV, f"2026-11-{18 + n} 19:00")
    view(journal, IVANOV, "2026-11-13 19:00")  # more than 7 days before: does not count
    journal.check("2026-11-20 20:00")
    found = [v for v in journal.open("R-PARENT-CHECK", "students", IVANOV)
             if v["period_id"] is None]
    assert (found == []) is enough


def test_families_acknowledge_the_period_marks(journal: Journal) -> None:
    q1 = journal.period_id("Q1")
    journal.check("2026-10-24 20:00")
    assert journal.open("R-PARENT-CHECK", "students", IVANOV, period_id=q1) == []
    journal.check("2026-10-25 09:00")
    assert len(journal.open("R-PARENT-CHECK", "students", IVANOV, period_id=q1)) == 1
    journal.conn.execute(
        "INSERT INTO acknowledgements (family_id, student_id, period_id, message)"
        " VALUES (1, ?, ?, 'Ознакомлены')", (IVANOV, q1))
    journal.check("2026-10-25 09:01")
    assert journal.open("R-PARENT-CHECK", "students", IVANOV, period_id=q1) == []


def test_class_teacher_informs_families_every_two_weeks(journal: Journal) -> None:
    journal.conn.execute(
        "INSERT INTO comments (student_id, kind, text, to_family, created_by, created_at)"
        " VALUES (?, 'note', 'Успеваемость за две недели: без замечаний.', 1, ?, ?)",
        (PETROVA, MATH_TEACHER, utc("2026-11-02 16:00")))
    journal.check("2026-11-16 23:59")
    assert journal.open("R-INFORM-FAMILIES", "students", PETROVA) == []
    journal.check("2026-11-17 00:01")
    [violation] = journal.open("R-INFORM-FAMILIES", "students", PETROVA)
    assert violation["responsible_id"] == MATH_TEACHER and violation["class_id"] == CLASS_5A
    assert journal.open("R-INFORM-FAMILIES", "students", IVANOV)  # never informed


def test_no_printouts_or_diary_checks_are_due_in_the_holidays(journal: Journal) -> None:
    # winter holidays: 27.12.2026 – 10.01.2027; the last printout was on 16.11
    printout(journal, SIDOROV, DAY)
    journal.check("2026-12-30 12:00")
    assert journal.open("R-OFFLINE-FAMILY", "students", SIDOROV) == []
    assert journal.open("R-INFORM-FAMILIES", "students", IVANOV) == []
    journal.check("2027-01-11 12:00")
    assert len(journal.open("R-OFFLINE-FAMILY", "students", SIDOROV)) == 1
    assert len(journal.open("R-INFORM-FAMILIES", "students", IVANOV)) == 1
