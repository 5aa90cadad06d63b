"""The demo school looks like a real one: the shapes the issue claims."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from tests.demo.conftest import UNTIL


def scalar(conn, sql: str, *args):
    return conn.execute(sql, args).fetchone()[0]


def test_eleven_grades_with_realistic_class_sizes(demo_db) -> None:
    grades = [r[0] for r in demo_db.execute("SELECT DISTINCT grade FROM classes ORDER BY grade")]
    assert grades == list(range(1, 12))
    sizes = [r[0] for r in demo_db.execute(
        "SELECT count(*) FROM enrollments GROUP BY class_id")]
    assert len(sizes) == scalar(demo_db, "SELECT count(*) FROM classes")
    assert min(sizes) >= 5 and max(sizes) <= 32
    assert 15 <= statistics.median(sizes) <= 30
    names = [r[0] for r in demo_db.execute("SELECT name FROM classes")]
    assert all(n[-1] in "АБВГДЕ" and n[:-1].isdigit() for n in names)


def test_week_days_follow_the_grades(demo_db) -> None:
    rows = demo_db.execute("SELECT grade, week_days FROM classes").fetchall()
    assert all(days == 5 for grade, days in rows if grade <= 4)
    assert {days for _grade, days in rows} == {5, 6}


def test_names_have_matching_gender_forms(demo_db) -> None:
    rows = demo_db.execute("SELECT last_name, middle_name, gender FROM students").fetchall()
    for last, middle, gender in rows:
        if gender == "ж":
            assert middle.endswith(("вна", "чна")), middle
            assert not last.endswith(("ов", "ев", "ин", "ский")), last
        else:
            assert middle.endswith(("вич", "ич")), middle
            assert not last.endswith(("ова", "ева", "ина", "ская")), last
    assert {g for *_rest, g in rows} == {"м", "ж"}


def test_families_siblings_and_offline_share(demo_db) -> None:
    children = [r[0] for r in demo_db.execute(
        "SELECT count(*) FROM students GROUP BY family_id")]
    assert max(children) >= 3
    assert sum(1 for c in children if c >= 2) >= 5
    families = scalar(demo_db, "SELECT count(*) FROM families")
    offline = scalar(demo_db, "SELECT count(*) FROM families WHERE electronic_access = 0")
    assert 0.02 <= offline / families <= 0.10
    assert scalar(demo_db, "SELECT count(*) FROM families WHERE electronic_access = 0 "
                           "AND declined_on IS NULL") == 0
    assert scalar(demo_db, "SELECT count(*) FROM families f WHERE NOT EXISTS "
                           "(SELECT 1 FROM guardians g WHERE g.family_id = f.id)") == 0
    assert scalar(demo_db, "SELECT count(*) FROM guardians WHERE phone NOT LIKE '+7 9%'") == 0


def test_staff_roles(demo_db) -> None:
    roles = dict(demo_db.execute("SELECT role, count(*) FROM staff_roles GROUP BY role").fetchall())
    assert roles["director"] == 1 and 2 <= roles["deputy"] <= 3
    assert roles["admin"] >= 1 and roles["secretary"] >= 1
    assert roles["class_teacher"] == scalar(demo_db, "SELECT count(*) FROM classes")
    assert scalar(demo_db, "SELECT count(*) FROM classes WHERE class_teacher_id IS NULL") == 0


def test_curriculum_is_taught_by_assigned_teachers(demo_db) -> None:
    missing = scalar(demo_db, """
        SELECT count(*) FROM classes c JOIN curriculum u ON u.grade = c.grade
        WHERE NOT EXISTS (SELECT 1 FROM teaching_assignments t
                          WHERE t.class_id = c.id AND t.subject_id = u.subject_id)""")
    assert missing == 0
    weekly = demo_db.execute("""
        SELECT c.id, u.subject_id, u.hours_per_week,
               (SELECT count(DISTINCT weekday || '-' || slot) FROM timetable t
                WHERE t.class_id = c.id AND t.subject_id = u.subject_id) AS placed
        FROM classes c JOIN curriculum u ON u.grade = c.grade""").fetchall()
    assert all(row["placed"] == row["hours_per_week"] for row in weekly)
    english_groups = scalar(demo_db, """
        SELECT count(*) FROM subgroups g JOIN subjects s ON s.id = g.subject_id
        WHERE s.foreign_language = 1""")
    assert english_groups == 2 * scalar(demo_db, "SELECT count(*) FROM classes WHERE grade >= 2")


def test_timetable_and_lessons_have_no_teacher_clash(demo_db) -> None:
    assert scalar(demo_db, """SELECT count(*) FROM (SELECT 1 FROM timetable
        GROUP BY teacher_id, weekday, slot HAVING count(*) > 1)""") == 0
    assert scalar(demo_db, """SELECT count(*) FROM (SELECT 1 FROM lessons
        GROUP BY teacher_id, date, slot HAVING count(*) > 1)""") == 0
    assert scalar(demo_db, "SELECT max(slot) FROM timetable") <= scalar(
        demo_db, "SELECT max(slot) FROM bell_schedule")
    # a class has no gaps: its lessons of a day run from slot 1 without holes
    gaps = demo_db.execute("""SELECT class_id, weekday, count(DISTINCT slot), max(slot)
        FROM timetable GROUP BY class_id, weekday""").fetchall()
    assert all(distinct == top for _c, _w, distinct, top in gaps)


def test_lessons_only_on_school_days(demo_db) -> None:
    holidays = demo_db.execute(
        "SELECT starts_on, ends_on, grade_from, grade_to FROM holidays").fetchall()
    rows = demo_db.execute("""SELECT DISTINCT l.date, c.grade, c.week_days
        FROM lessons l JOIN classes c ON c.id = l.class_id""").fetchall()
    assert rows
    for day_text, grade, week_days in rows:
        day = date.fromisoformat(day_text)
        assert date(2026, 9, 1) <= day <= UNTIL
        assert day.isoweekday() <= week_days
        assert not any(a <= day_text <= b and g1 <= grade <= g2 for a, b, g1, g2 in holidays)
    autumn = scalar(demo_db, "SELECT count(*) FROM lessons WHERE date BETWEEN "
                             "'2026-10-25' AND '2026-11-04'")
    assert autumn == 0


def test_marks_look_like_a_school(demo_db) -> None:
    assert scalar(demo_db, """SELECT count(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id
        JOIN classes c ON c.id = l.class_id WHERE c.grade = 1""") == 0
    ungraded = scalar(demo_db, """SELECT count(*) FROM marks m
        JOIN subjects s ON s.id = m.subject_id
        WHERE s.short_name IN ('ОРКСЭ', 'ОДНКНР', 'Инд. проект') AND m.value <> 'зач'""")
    assert ungraded == 0
    values = dict(demo_db.execute(
        "SELECT value, count(*) FROM marks WHERE kind = 'current' GROUP BY value").fetchall())
    total = sum(values.values())
    assert set(values) == {"2", "3", "4", "5"}
    assert values["2"] / total < 0.12 and values["4"] / total > 0.25
    assert 0.2 < values["5"] / total < 0.5
    per_pair = [r[0] for r in demo_db.execute("""
        SELECT count(*) FROM marks m JOIN lessons l ON l.id = m.lesson_id
        WHERE m.kind = 'current' AND m.corrects_id IS NULL AND l.date <= '2026-10-24'
        GROUP BY m.student_id, m.subject_id""")]
    assert 4 <= statistics.median(per_pair) <= 10
    assert max(per_pair) <= 20
    period = scalar(demo_db, "SELECT count(*) FROM marks WHERE kind = 'period'")
    pupils = scalar(demo_db, """SELECT count(*) FROM enrollments e JOIN classes c
        ON c.id = e.class_id WHERE c.grade BETWEEN 2 AND 9""")
    assert period >= pupils * 8  # Q1 of grades 2–9 has ended: a mark per subject


def test_marks_are_entered_realistically(demo_db) -> None:
    oral_same_day = scalar(demo_db, """SELECT avg(date(m.created_at, '+3 hours') = l.date)
        FROM marks m JOIN lessons l ON l.id = m.lesson_id
        WHERE m.work_type = 'answer' AND m.corrects_id IS NULL""")
    assert oral_same_day == 1
    written_later = scalar(demo_db, """SELECT avg(julianday(date(m.created_at, '+3 hours'))
        - julianday(l.date)) FROM marks m JOIN lessons l ON l.id = m.lesson_id
        JOIN work_types w ON w.code = m.work_type WHERE w.kind = 'written'""")
    assert 1 <= written_later <= 4
    assert scalar(demo_db, "SELECT count(*) FROM marks WHERE created_at NOT GLOB "
                           "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'") == 0


def test_absences_mostly_get_reasons_from_the_class_teacher(demo_db) -> None:
    codes = dict(demo_db.execute("SELECT code, count(*) FROM attendance GROUP BY code").fetchall())
    total = sum(codes.values())
    assert codes["Б"] / total > 0.4 and codes["н"] / total < 0.3
    assert {"У", "Н", "О"} <= set(codes)
    wrong_setter = scalar(demo_db, """SELECT count(*) FROM attendance a
        JOIN lessons l ON l.id = a.lesson_id JOIN classes c ON c.id = l.class_id
        WHERE a.code <> 'н' AND a.reason_set_by IS NOT c.class_teacher_id""")
    assert wrong_setter == 0
    assert scalar(demo_db, "SELECT count(*) FROM attendance WHERE reason_set_at <= created_at") == 0
    slow = scalar(demo_db, """SELECT count(*) FROM attendance a JOIN lessons l ON l.id = a.lesson_id
        WHERE a.code <> 'н' AND date(a.reason_set_at, '+3 hours') > date(l.date, '+7 days')""")
    assert slow == 0  # reasons come within the week; the slips are absences never explained


def test_substitutions_and_corrections(demo_db) -> None:
    subs = demo_db.execute("""SELECT l.teacher_id, l.date, l.slot FROM lessons l
        WHERE l.teacher_id <> l.scheduled_teacher_id""").fetchall()
    assert len(subs) >= 2
    for teacher, day, slot in subs:  # the substitute had no lesson of their own then
        weekday = date.fromisoformat(day).isoweekday()
        assert scalar(demo_db, "SELECT count(*) FROM timetable WHERE teacher_id = ? AND "
                               "weekday = ? AND slot = ?", teacher, weekday, slot) == 0
    corrections = demo_db.execute("""SELECT m.*, o.value AS old_value, o.created_at AS old_at
        FROM marks m JOIN marks o ON o.id = m.corrects_id""").fetchall()
    assert len(corrections) >= 3
    deputies = {r[0] for r in demo_db.execute(
        "SELECT staff_id FROM staff_roles WHERE role = 'deputy'")}
    for row in corrections:
        assert row["created_by"] in deputies
        assert row["correction_reason"] and row["value"] != row["old_value"]
        assert row["created_at"] > row["old_at"]


def test_thematic_plans_and_extras(demo_db) -> None:
    plans = demo_db.execute("""SELECT p.class_id, p.subject_id, IFNULL(p.subgroup_id, 0),
        count(*) AS n, u.hours_per_week * CASE WHEN c.grade = 1 THEN 33 ELSE 34 END AS due
        FROM thematic_plan p JOIN classes c ON c.id = p.class_id
        JOIN curriculum u ON u.grade = c.grade AND u.subject_id = p.subject_id
        GROUP BY 1, 2, 3""").fetchall()
    assert sum(1 for p in plans if p["n"] == p["due"]) / len(plans) > 0.9
    linked = scalar(demo_db, "SELECT avg(plan_id IS NOT NULL) FROM lessons")
    assert linked > 0.99
    assert scalar(demo_db, "SELECT count(*) FROM events WHERE class_id IS NULL") >= 10
    assert scalar(demo_db, "SELECT count(*) FROM events WHERE class_id IS NOT NULL") >= 11
    assert scalar(demo_db, "SELECT count(*) FROM consultations") >= 3
    assert scalar(demo_db, "SELECT count(*) FROM support_requests") >= 3
    assert scalar(demo_db, "SELECT max(asked_on) FROM support_requests") <= UNTIL.isoformat()
    assert scalar(demo_db, "SELECT count(*) FROM comments") > 0
    last = date.fromisoformat(scalar(demo_db, "SELECT max(date) FROM lessons"))
    assert UNTIL - last < timedelta(days=3)


def test_some_pupils_arrive_or_leave_during_the_year(demo_db) -> None:
    arrived = scalar(demo_db, "SELECT count(*) FROM enrollments WHERE from_date > '2026-09-01'")
    left = scalar(demo_db, "SELECT count(*) FROM enrollments WHERE to_date IS NOT NULL")
    assert arrived + left >= 2
    assert arrived + left < scalar(demo_db, "SELECT count(*) FROM students") * 0.06
    outside = scalar(demo_db, """SELECT count(*) FROM marks m JOIN enrollments e
        ON e.student_id = m.student_id JOIN periods q ON q.id = m.period_id
        WHERE m.kind = 'period' AND e.to_date IS NOT NULL AND e.to_date < q.ends_on""")
    assert outside == 0
    moved_groups = scalar(demo_db, """SELECT count(*) FROM subgroup_members m JOIN enrollments e
        ON e.student_id = m.student_id WHERE m.from_date <> e.from_date
        OR IFNULL(m.to_date, '') <> IFNULL(e.to_date, '')""")
    assert moved_groups == 0


def test_online_families_read_the_diary_and_acknowledge_final_marks(demo_db) -> None:
    offline_rows = scalar(demo_db, """SELECT count(*) FROM diary_views v JOIN families f
        ON f.id = v.family_id WHERE f.electronic_access = 0""") + scalar(demo_db, """
        SELECT count(*) FROM acknowledgements a JOIN families f ON f.id = a.family_id
        WHERE f.electronic_access = 0""")
    assert offline_rows == 0
    foreign = scalar(demo_db, """SELECT count(*) FROM diary_views v JOIN students s
        ON s.id = v.student_id WHERE s.family_id <> v.family_id""")
    assert foreign == 0
    weekly = [r[0] for r in demo_db.execute(
        "SELECT count(*) * 7.0 / 81 FROM diary_views GROUP BY family_id")]
    assert statistics.median(weekly) >= 1.5  # most families look in about twice a week
    assert min(weekly) < 1  # and some hardly ever (R-PARENT-CHECK)
    assert scalar(demo_db, "SELECT max(viewed_at) FROM diary_views") <= "2026-11-20T21:00:00Z"
    acknowledged = scalar(demo_db, """SELECT count(*) FROM acknowledgements a
        JOIN periods q ON q.id = a.period_id WHERE a.acknowledged_at > q.ends_on""")
    assert acknowledged == scalar(demo_db, "SELECT count(*) FROM acknowledgements") > 0
