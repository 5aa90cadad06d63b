"""Each kind of deliberate slip is present, for the regulation checks to find."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.demo.conftest import UNTIL

MOSCOW = ZoneInfo("Europe/Moscow")


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def local_end_of_last_lesson(conn) -> dict[tuple[int, str], datetime]:
    """(class, date) -> end of that class's last lesson, as an aware datetime."""
    rows = conn.execute("""SELECT l.class_id, l.date, max(b.ends_at) FROM lessons l
        JOIN bell_schedule b ON b.slot = l.slot GROUP BY l.class_id, l.date""").fetchall()
    return {(c, d): datetime.fromisoformat(f"{d}T{end}").replace(tzinfo=MOSCOW)
            for c, d, end in rows}


def test_late_homework(demo_db) -> None:
    last = local_end_of_last_lesson(demo_db)
    rows = demo_db.execute("""SELECT class_id, date, homework_entered_at FROM lessons
        WHERE homework_entered_at IS NOT NULL""").fetchall()
    late = [r for r in rows if utc(r[2]) > last[(r[0], r[1])] + timedelta(hours=2)]
    assert 0.002 < len(late) / len(rows) < 0.05
    on_lesson_day = sum(1 for r in rows if utc(r[2]).astimezone(MOSCOW).date().isoformat() == r[1])
    assert on_lesson_day / len(rows) > 0.9


def test_lessons_without_topic(demo_db) -> None:
    missing = demo_db.execute("SELECT count(*) FROM lessons WHERE topic = ''").fetchone()[0]
    total = demo_db.execute("SELECT count(*) FROM lessons").fetchone()[0]
    assert 0 < missing < total * 0.02
    assert demo_db.execute("SELECT count(*) FROM lessons WHERE topic = '' "
                           "AND topic_entered_at IS NOT NULL").fetchone()[0] == 0


def test_too_few_marks_for_a_period_mark(demo_db) -> None:
    rows = demo_db.execute("""
        SELECT p.student_id, p.subject_id, u.hours_per_week,
               (SELECT count(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id
                WHERE m.student_id = p.student_id AND m.subject_id = p.subject_id
                  AND m.kind = 'current' AND m.corrects_id IS NULL
                  AND l.date BETWEEN q.starts_on AND q.ends_on) AS n
        FROM marks p JOIN periods q ON q.id = p.period_id AND q.code = 'Q1'
        JOIN enrollments e ON e.student_id = p.student_id
        JOIN classes c ON c.id = e.class_id
        JOIN curriculum u ON u.grade = c.grade AND u.subject_id = p.subject_id
        WHERE p.kind = 'period' AND p.value IN ('2', '3', '4', '5')""").fetchall()
    too_few = [r for r in rows if r[3] < (6 if r[2] >= 2 else 3)]
    assert 0 < len(too_few) < len(rows) * 0.08


def test_written_works_marked_late(demo_db) -> None:
    rows = demo_db.execute("""SELECT c.grade, l.date, m.created_at FROM marks m
        JOIN lessons l ON l.id = m.lesson_id JOIN classes c ON c.id = l.class_id
        JOIN work_types w ON w.code = m.work_type
        WHERE w.kind = 'written' AND m.corrects_id IS NULL""").fetchall()
    late = [r for r in rows
            if (utc(r[2]).astimezone(MOSCOW).date() - date.fromisoformat(r[1])).days
            > (4 if r[0] >= 9 else 3)]
    assert 0 < len(late) < len(rows) * 0.1


def test_absences_without_reason_for_over_a_week(demo_db) -> None:
    week_ago = (UNTIL - timedelta(days=7)).isoformat()
    old = demo_db.execute("""SELECT count(*) FROM attendance a JOIN lessons l ON l.id = a.lesson_id
        WHERE a.code = 'н' AND l.date < ?""", (week_ago,)).fetchone()[0]
    total = demo_db.execute("SELECT count(*) FROM attendance").fetchone()[0]
    assert 0 < old < total * 0.15


def test_foreign_language_topic_without_cyrillic(demo_db) -> None:
    rows = demo_db.execute("""SELECT l.topic FROM lessons l JOIN subjects s ON s.id = l.subject_id
        WHERE s.foreign_language = 1 AND l.topic <> ''""").fetchall()
    latin = [t for (t,) in rows if not any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in t)]
    assert 0 < len(latin) < len(rows) * 0.1
    other = demo_db.execute("""SELECT count(*) FROM lessons l JOIN subjects s
        ON s.id = l.subject_id WHERE s.foreign_language = 0 AND l.topic <> ''
        AND l.topic NOT GLOB '*[а-яА-ЯёЁ]*'""").fetchone()[0]
    assert other == 0


def test_period_marks_mostly_before_the_final_deadline(demo_db) -> None:
    rows = demo_db.execute("""SELECT m.created_at, q.ends_on FROM marks m
        JOIN periods q ON q.id = m.period_id WHERE m.kind = 'period'""").fetchall()
    late = [r for r in rows if utc(r[0]).astimezone(MOSCOW).date()
            > date.fromisoformat(r[1]) - timedelta(days=2)]
    assert rows and 0 < len(late) < len(rows) * 0.15


def test_short_thematic_plans(demo_db) -> None:
    short = demo_db.execute("""SELECT count(*) FROM (
        SELECT count(*) AS n, u.hours_per_week * CASE WHEN c.grade = 1 THEN 33 ELSE 34 END AS due
        FROM thematic_plan p JOIN classes c ON c.id = p.class_id
        JOIN curriculum u ON u.grade = c.grade AND u.subject_id = p.subject_id
        GROUP BY p.class_id, p.subject_id, IFNULL(p.subgroup_id, 0)) WHERE n < due""").fetchone()[0]
    assert short > 0
