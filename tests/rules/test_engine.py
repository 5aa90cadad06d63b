"""The engine: closing and history, incremental = full, scope, time-based deadlines, waivers."""

from __future__ import annotations

import random
import sqlite3
from contextlib import suppress

import pytest

from ejsync.rules import RULES, time_based_due
from ejsync.rules.scope import touched
from tests.rules.conftest import Journal, local, utc
from tests.tiny_school import (
    CLASS_5A,
    CLASS_5B,
    CLASS_10A,
    DEPUTY,
    IVANOV,
    MATH_TEACHER,
    RUSSIAN,
)

REQUIRED_RULES = {
    "R-LESSON-FIELDS", "R-LESSON-SAMEDAY", "R-HW-DEADLINE", "R-TOPIC-WORKS", "R-LANGUAGE",
    "R-KTP-HOURS", "R-MARK-ORAL", "R-MARK-WRITTEN", "R-MARK-DATE", "R-NO-BACKDATE",
    "R-MARK-COUNT", "R-FINAL-DEADLINE", "R-FINAL-JUSTIFIED", "R-FORECAST", "R-ABSENCE-REASON",
    "R-NOTIFY-FAILING", "R-SUBGROUPS", "R-CLASS-LIST", "R-OFFLINE-FAMILY", "R-PARENT-CHECK",
    "R-INFORM-FAMILIES",
}


def test_every_listed_rule_is_registered_and_cites_its_source() -> None:
    assert set(RULES) >= REQUIRED_RULES
    for rule in RULES.values():
        assert rule.id in rule.doc and rule.source


def open_state(conn: sqlite3.Connection) -> set[tuple]:
    return set(conn.execute(
        "SELECT rule, severity, record_table, record_id, student_id, class_id, subject_id,"
        " period_id, responsible_id, due_at, message FROM violations WHERE closed_at IS NULL"))


SLOTS = [4, 5, 6]
DAYS = ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23"]


def random_writes(journal: Journal, rng: random.Random) -> None:
    """A day of journal work: lessons, marks, absences, fixes, reasons, deletions."""
    conn = journal.conn
    made: list[int] = []
    for _ in range(12):
        action = rng.choice(
            ["lesson", "mark", "absence", "fix", "reason", "delete", "guardian", "move"])
        if action == "lesson" or not made:
            day, slot = rng.choice(DAYS), rng.choice(SLOTS)
            class_id = rng.choice([CLASS_5A, CLASS_5B])
            if conn.execute("SELECT 1 FROM lessons WHERE class_id = ? AND date = ? AND slot = ?",
                            (class_id, day, slot)).fetchone():
                continue
            made.append(journal.lesson(
                day, slot, class_id=class_id, topic=rng.choice(["", "Дроби", "Fractions"]),
                homework=rng.choice(["", "№ 1"]), control_type=rng.choice(["", "test"]),
                created=f"{day} {rng.choice(['09:00', '23:59'])}",
                homework_entered=f"{day} {rng.choice(['12:00', '18:30'])}"))
        elif action == "mark":
            lesson = rng.choice(made)
            class_id = conn.execute("SELECT class_id FROM lessons WHERE id = ?",
                                    (lesson,)).fetchone()[0]
            student = rng.choice([1, 2, 3, 4] if class_id == CLASS_5A else [5, 6])
            with suppress(sqlite3.IntegrityError):  # the same mark twice is refused
                journal.mark(student, lesson, rng.choice("2345"),
                             work_type=rng.choice(["answer", "test"]),
                             created=f"2026-11-{rng.randint(17, 27)} 12:00")
        elif action == "absence":
            lesson = rng.choice(made)
            class_id = conn.execute("SELECT class_id FROM lessons WHERE id = ?",
                                    (lesson,)).fetchone()[0]
            student = rng.choice([1, 2, 3, 4] if class_id == CLASS_5A else [5, 6])
            with suppress(sqlite3.IntegrityError):  # already marked absent
                conn.execute("INSERT INTO attendance (lesson_id, student_id, created_by,"
                             " created_at) VALUES (?, ?, 4, ?)",
                             (lesson, student, utc("2026-11-20 12:00")))
        elif action == "fix":
            conn.execute("UPDATE lessons SET topic = 'Повторение', work_topic = 'Дроби'"
                         " WHERE id = ?", (rng.choice(made),))
        elif action == "reason":
            conn.execute("UPDATE attendance SET code = 'У', reason_set_by = 4"  # 5А's class teacher
                         " WHERE id = (SELECT max(a.id) FROM attendance a"
                         " JOIN lessons l ON l.id = a.lesson_id WHERE l.class_id = 2)")
        elif action == "move":  # to another day; refused once it has marks or absences
            with suppress(sqlite3.IntegrityError):
                conn.execute("UPDATE lessons SET date = ? WHERE id = ?",
                             (rng.choice(DAYS), rng.choice(made)))
        elif action == "delete":
            lesson = made.pop(rng.randrange(len(made)))
            try:
                conn.execute("DELETE FROM lessons WHERE id = ?", (lesson,))
            except sqlite3.IntegrityError:
                made.append(lesson)  # a lesson with marks stays
        else:
            conn.execute("UPDATE guardians SET phone = ? WHERE id = ?",
                         (rng.choice(["", "+7 900 1"]), rng.randint(1, 5)))


@pytest.mark.parametrize("seed", range(4))
def test_incremental_check_equals_the_full_check(journal: Journal, seed: int) -> None:
    rng = random.Random(seed)
    moment = "2026-12-25 10:00"
    journal.check(moment)
    for _ in range(3):
        cursor = journal.conn.execute("SELECT IFNULL(max(id), 0) FROM changes").fetchone()[0]
        random_writes(journal, rng)
        journal.check(moment, since_change_id=cursor)
        incremental = open_state(journal.conn)
        result = journal.check(moment)
        assert result.counts["opened"] == 0 and result.counts["closed"] == 0
        assert open_state(journal.conn) == incremental


def test_a_mark_touches_only_its_class(journal: Journal) -> None:
    cursor = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.mark(7, 4, "5", created="2026-11-16 11:00")  # Волков, 10А
    scope = touched(journal.conn, cursor, None)
    assert (scope.lessons, scope.students, scope.classes) == ({4}, {7}, set())
    cursor = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.conn.execute("UPDATE classes SET room = '311' WHERE id = ?", (CLASS_10A,))
    assert touched(journal.conn, cursor, None).classes == {CLASS_10A}
    cursor = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.conn.execute("UPDATE curriculum SET hours_per_week = 6 WHERE id = 1")
    assert touched(journal.conn, cursor, None) is None


def test_a_lesson_edited_in_place_touches_its_day_and_a_moved_one_its_class(
        journal: Journal) -> None:
    first = journal.lesson("2026-11-17", 4, class_id=CLASS_5B)
    second = journal.lesson("2026-11-17", 5, class_id=CLASS_5B)
    journal.lesson("2026-11-18", 4, class_id=CLASS_5B)
    cursor = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.conn.execute("UPDATE lessons SET topic = 'Дроби', homework = '№ 7' WHERE id = ?",
                         (first,))
    scope = touched(journal.conn, cursor, None)
    assert (scope.lessons, scope.students, scope.classes) == ({first, second}, set(), set())
    cursor = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.conn.execute("UPDATE lessons SET date = '2026-11-18', slot = 6 WHERE id = ?",
                         (first,))
    assert touched(journal.conn, cursor, None).classes == {CLASS_5B}
    cursor = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.conn.execute("UPDATE lessons SET subject_id = ? WHERE id = ?", (RUSSIAN, second))
    assert touched(journal.conn, cursor, None).classes == {CLASS_5B}


def test_changes_outside_the_range_are_left_alone(journal: Journal) -> None:
    journal.check("2026-11-16 20:00")
    first = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.lesson("2026-11-17", 4, class_id=CLASS_5B, topic="")
    middle = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.lesson("2026-11-17", 4, class_id=CLASS_10A, topic="")
    result = journal.check("2026-11-18 09:00", since_change_id=first, until_change_id=middle)
    assert not result.full and result.classes == 1
    assert {v["class_id"] for v in result.violations} == {CLASS_5B}


def test_deadlines_that_pass_without_a_write_are_found(journal: Journal) -> None:
    lesson = journal.lesson("2026-11-17", 4)
    journal.conn.execute(
        "INSERT INTO attendance (lesson_id, student_id, created_by, created_at)"
        " VALUES (?, ?, 4, ?)", (lesson, IVANOV, utc("2026-11-17 11:30")))
    journal.check("2026-11-20 12:00")
    before = journal.conn.execute("SELECT count(*) FROM violations").fetchone()[0]
    due = time_based_due(journal.conn, local("2026-11-25 12:00"))
    assert [f for f in due if f.rule == "R-ABSENCE-REASON" and f.student_id == IVANOV]
    assert journal.conn.execute("SELECT count(*) FROM violations").fetchone()[0] == before
    journal.check("2026-11-25 12:00")
    assert time_based_due(journal.conn, local("2026-11-25 12:00")) == []


def test_deputy_accepts_a_late_mark_and_a_teacher_cannot(journal: Journal) -> None:
    lesson = journal.lesson("2026-11-16", 4)
    late = journal.mark(IVANOV, lesson, created="2026-11-19 10:00")
    journal.check("2026-11-20 12:00")
    assert journal.open("R-MARK-ORAL", "marks", late)
    with pytest.raises(sqlite3.IntegrityError, match="R-NO-CORRECTION"):
        journal.conn.execute(
            "INSERT INTO violation_waivers (rule, record_table, record_id, waived_by, reason)"
            " VALUES ('R-MARK-ORAL', 'marks', ?, ?, 'болела')", (late, MATH_TEACHER))
    journal.conn.execute(
        "INSERT INTO violation_waivers (rule, record_table, record_id, waived_by, reason)"
        " VALUES ('R-MARK-ORAL', 'marks', ?, ?, 'учитель был на больничном')", (late, DEPUTY))
    journal.check("2026-11-20 12:01")
    assert journal.open("R-MARK-ORAL", "marks", late) == []
    [kept] = journal.conn.execute(
        "SELECT closed_at FROM violations WHERE rule = 'R-MARK-ORAL' AND record_id = ?", (late,))
    assert kept[0] == "2026-11-20T09:01:00Z"


def test_open_violations_view_names_people(journal: Journal) -> None:
    lesson = journal.lesson("2026-11-17", 4, topic="")
    journal.check("2026-11-18 09:00")
    [row] = journal.conn.execute(
        "SELECT * FROM open_violations WHERE rule = 'R-LESSON-FIELDS' AND record_id = ?",
        (lesson,)).fetchall()
    assert (row["class_name"], row["subject_name"]) == ("5А", "Математика")
    assert row["responsible_name"] == "Числова Мария Андреевна"


def test_moving_the_last_lesson_rechecks_the_old_day(journal: Journal) -> None:
    # 5А on 17.11: slot 2 (homework at 12:30) and slot 6 (ends 13:40: homework due 15:40)
    early = journal.lesson("2026-11-17", 2, homework_entered="2026-11-17 12:30")
    last = journal.lesson("2026-11-17", 6)
    journal.check("2026-11-19 12:00")
    assert journal.open("R-HW-DEADLINE", "lessons", early) == []
    cursor = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.conn.execute("UPDATE lessons SET date = '2026-11-18' WHERE id = ?", (last,))
    journal.check("2026-11-19 12:00", since_change_id=cursor)
    # now slot 2 is the day's last lesson: homework was due by 12:00
    assert len(journal.open("R-HW-DEADLINE", "lessons", early)) == 1


def test_a_first_check_of_changes_no_rule_looks_at_succeeds(journal: Journal) -> None:
    """A fresh connection (a new worker process) whose first check finds nothing in scope."""
    before = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    journal.conn.execute("INSERT INTO diary_tokens (student_id, token) VALUES (?, 'tok')",
                         (IVANOV,))
    after = journal.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    assert after > before
    result = journal.check("2026-11-18 09:00", since_change_id=before, until_change_id=after)
    assert not result.full and result.opened == [] and result.closed == []
