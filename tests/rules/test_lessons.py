"""Lesson-record rules, each just inside and just outside its boundary."""

from __future__ import annotations

from tests.rules.conftest import Journal
from tests.tiny_school import CLASS_1A, CLASS_5A, ENGLISH, ENGLISH_TEACHER, GROUP_1, READING

DAY = "2026-11-18"  # a Wednesday in Q2; 5А gets its lessons in slots 2 and 4 below


def test_homework_deadline_counts_from_the_class_last_lesson(journal: Journal) -> None:
    # 5А's last lesson on DAY is slot 4 (ends 12:00): homework is due by 14:00.
    early = journal.lesson(DAY, 2, homework_entered=f"{DAY} 13:59")
    journal.lesson(DAY, 4)
    late = journal.lesson(DAY, 3, class_id=CLASS_5A, subject_id=2, teacher=5,
                          homework_entered=f"{DAY} 14:01")
    journal.check(f"{DAY} 18:00")
    assert journal.open("R-HW-DEADLINE", "lessons", early) == []
    [violation] = journal.open("R-HW-DEADLINE", "lessons", late)
    assert violation["responsible_id"] == 5
    assert "18.11.2026 14:00" in violation["message"]


def test_missing_homework_is_due_two_hours_after_the_last_lesson(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4, homework="")
    journal.check(f"{DAY} 13:59")
    assert journal.open("R-HW-DEADLINE", "lessons", lesson) == []
    journal.check(f"{DAY} 14:01")
    [violation] = journal.open("R-HW-DEADLINE", "lessons", lesson)
    assert "не записано" in violation["message"]
    journal.conn.execute(
        "UPDATE lessons SET homework = 'не задано', homework_entered_at = ? WHERE id = ?",
        ("2026-11-18T10:30:00Z", lesson),
    )
    journal.check(f"{DAY} 14:05")
    assert journal.open("R-HW-DEADLINE", "lessons", lesson) == []


def test_first_graders_get_no_homework(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 1, class_id=CLASS_1A, subject_id=READING, homework="")
    journal.check(f"{DAY} 20:00")
    assert journal.open("R-HW-DEADLINE", "lessons", lesson) == []


def test_topic_is_due_by_the_end_of_the_lesson_day(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4, topic="")
    journal.check(f"{DAY} 23:59")
    assert journal.open("R-LESSON-FIELDS", "lessons", lesson) == []
    journal.check("2026-11-19 00:01")
    [violation] = journal.open("R-LESSON-FIELDS", "lessons", lesson)
    assert violation["severity"] == "error"
    journal.conn.execute("UPDATE lessons SET topic = 'Деление дробей' WHERE id = ?", (lesson,))
    journal.check("2026-11-19 00:02")
    assert journal.open("R-LESSON-FIELDS", "lessons", lesson) == []
    closed = journal.conn.execute(
        "SELECT closed_at FROM violations WHERE rule = 'R-LESSON-FIELDS' AND record_id = ?",
        (lesson,),
    ).fetchall()
    assert [row[0] for row in closed] == ["2026-11-18T21:02:00Z"]


def test_lesson_entered_the_next_day_is_late(journal: Journal) -> None:
    same_day = journal.lesson(DAY, 2, created=f"{DAY} 23:59")
    next_day = journal.lesson(DAY, 4, created="2026-11-19 00:01")
    journal.check("2026-11-19 09:00")
    assert journal.open("R-LESSON-SAMEDAY", "lessons", same_day) == []
    assert len(journal.open("R-LESSON-SAMEDAY", "lessons", next_day)) == 1


def test_absence_entered_the_next_day_is_late(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4)
    journal.conn.execute(
        "INSERT INTO attendance (lesson_id, student_id, created_by, created_at)"
        " VALUES (?, 1, 4, ?)", (lesson, "2026-11-18T20:59:00Z"))
    journal.check("2026-11-19 09:00")
    assert journal.open("R-LESSON-SAMEDAY", "lessons", lesson) == []
    journal.conn.execute(
        "INSERT INTO attendance (lesson_id, student_id, created_by, created_at)"
        " VALUES (?, 2, 4, ?)", (lesson, "2026-11-18T21:01:00Z"))
    journal.check("2026-11-19 09:00")
    [violation] = journal.open("R-LESSON-SAMEDAY", "lessons", lesson)
    assert "пропуски отмечены позже (1)" in violation["message"]


def test_a_test_work_needs_its_own_topic_once_held(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4, control_type="test")  # slot 4 ends 12:00
    journal.check(f"{DAY} 11:59")
    assert journal.open("R-TOPIC-WORKS", "lessons", lesson) == []
    journal.check(f"{DAY} 12:01")
    assert len(journal.open("R-TOPIC-WORKS", "lessons", lesson)) == 1
    journal.conn.execute(
        "UPDATE lessons SET work_topic = 'Контрольная работа № 3 «Дроби»' WHERE id = ?", (lesson,)
    )
    journal.check(f"{DAY} 12:02")
    assert journal.open("R-TOPIC-WORKS", "lessons", lesson) == []


def test_an_oral_control_needs_no_work_topic(journal: Journal) -> None:
    lesson = journal.lesson(DAY, 4, control_type="answer")
    journal.check(f"{DAY} 13:00")
    assert journal.open("R-TOPIC-WORKS", "lessons", lesson) == []


def test_records_must_be_in_russian_even_in_english(journal: Journal) -> None:
    english = dict(subject_id=ENGLISH, teacher=ENGLISH_TEACHER, subgroup_id=GROUP_1)
    latin = journal.lesson(DAY, 2, topic="Present Simple", **english)
    mixed = journal.lesson(DAY, 3, topic="Present Simple: настоящее время", **english)
    numbers = journal.lesson(DAY, 4, homework="№ 245, 247")
    journal.check(f"{DAY} 20:00")
    [violation] = journal.open("R-LANGUAGE", "lessons", latin)
    assert "тема" in violation["message"] and violation["responsible_id"] == ENGLISH_TEACHER
    assert journal.open("R-LANGUAGE", "lessons", mixed) == []
    assert journal.open("R-LANGUAGE", "lessons", numbers) == []


def test_language_check_can_be_switched_off(journal: Journal, tmp_path, monkeypatch) -> None:
    (tmp_path / "latin-ok.toml").write_text(
        'extends = "default"\ntitle = "Без проверки языка"\n[language]\ncheck = false\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("EJSYNC_PROFILE_DIR", str(tmp_path))
    lesson = journal.lesson(DAY, 2, topic="Present Simple", subject_id=ENGLISH,
                            teacher=ENGLISH_TEACHER, subgroup_id=GROUP_1)
    journal.use_profile("latin-ok")
    journal.check(f"{DAY} 20:00")
    assert journal.open("R-LANGUAGE", "lessons", lesson) == []


def test_thematic_plan_must_have_the_curriculum_hours(journal: Journal) -> None:
    # 5А mathematics: 5 h/week x 34 weeks = 170 h.
    conn = journal.conn
    conn.executemany(
        "INSERT INTO thematic_plan (class_id, subject_id, lesson_no, topic, hours)"
        " VALUES (?, 1, ?, ?, 1)",
        [(CLASS_5A, n, f"Тема {n}") for n in range(1, 170)],
    )
    journal.check(f"{DAY} 20:00")
    assignment = conn.execute(
        "SELECT id FROM teaching_assignments WHERE class_id = ? AND subject_id = 1", (CLASS_5A,)
    ).fetchone()[0]
    [violation] = journal.open("R-KTP-HOURS", "teaching_assignments", assignment)
    assert "в КТП 169 ч, а по учебному плану 170 ч" in violation["message"]
    conn.execute(
        "INSERT INTO thematic_plan (class_id, subject_id, lesson_no, topic)"
        " VALUES (?, 1, 170, 'x')",
        (CLASS_5A,),
    )
    journal.check(f"{DAY} 20:01")
    assert journal.open("R-KTP-HOURS", "teaching_assignments", assignment) == []
