"""Which students a change of the journal touches."""

from __future__ import annotations

from datetime import date

from ejsync.diary import affected_students, last_change_id, read_changes
from tests import tiny_school as t


def touched(conn, sql: str, params: tuple = ()):
    before = last_change_id(conn)
    conn.execute(sql, params)
    return affected_students(conn, read_changes(conn, before, last_change_id(conn)))


def test_a_mark_or_absence_touches_its_student_only(tiny_school):
    conn = tiny_school.connect()
    result = touched(conn, "INSERT INTO attendance (lesson_id, student_id, created_by)"
                     " VALUES (?, ?, ?)", (t.MATH_5B_MON, t.POPOVA, t.MATH_TEACHER))
    assert not result.everyone and result.ids == {t.POPOVA}


def test_a_lesson_touches_its_class_or_subgroup_on_that_date(tiny_school):
    conn = tiny_school.connect()
    whole = touched(conn, "UPDATE lessons SET topic = 'Новая тема' WHERE id = ?", (t.MATH_5A_MON,))
    assert whole.ids == {t.IVANOV, t.PETROVA, t.SIDOROV, t.KUZNETSOVA}
    group = touched(conn, "UPDATE lessons SET homework = 'Упр. 5' WHERE id = ?", (t.ENGLISH_5A_G1,))
    assert group.ids == {t.IVANOV, t.PETROVA}
    conn.execute("UPDATE enrollments SET to_date = '2026-11-10' WHERE student_id = ?", (t.SIDOROV,))
    later = touched(conn, "UPDATE lessons SET topic = 'Ещё тема' WHERE id = ?", (t.MATH_5A_MON,))
    assert t.SIDOROV not in later.ids and t.IVANOV in later.ids


def test_families_guardians_and_class_events_touch_their_children_or_class(tiny_school):
    conn = tiny_school.connect()
    assert touched(conn, "UPDATE families SET address = 'ул. Новая, 1' WHERE id = 1").ids == {
        t.IVANOV, t.POPOVA}
    assert touched(conn, "UPDATE guardians SET phone = '+7 900 1' WHERE family_id = 4").ids == {
        t.KUZNETSOVA, t.SOKOLOVA}
    event = touched(conn, "INSERT INTO events (date, title, class_id) VALUES"
                    " ('2026-11-20', 'Экскурсия', ?)", (t.CLASS_10A,))
    assert event.ids == {t.VOLKOV, t.SOKOLOVA}


def test_school_wide_changes_touch_everyone_and_unshown_ones_nobody(tiny_school):
    conn = tiny_school.connect()
    assert touched(conn, "INSERT INTO events (date, title) VALUES ('2026-11-20', 'Концерт')"
                   ).everyone
    assert touched(conn, "UPDATE settings SET value = '3' WHERE key = 'marks_from_grade'"
                   ).everyone
    assert touched(conn, "UPDATE periods SET title = '2 четверть' WHERE code = 'Q2'").everyone
    assert not touched(conn, "INSERT INTO staff_roles (staff_id, role) VALUES (7, 'teacher')")
    family = conn.execute("SELECT family_id FROM students WHERE id = ?", (t.POPOVA,)).fetchone()[0]
    assert not touched(conn, "INSERT INTO family_printouts (family_id, student_id, week_of,"
                       " printed_at) VALUES (?, ?, '2026-11-16', '2026-11-20T10:00:00Z')",
                       (family, t.POPOVA))  # the agent's own printouts rebuild no diary
    assert not touched(conn, "INSERT INTO violation_waivers (rule, record_table, record_id,"
                       " waived_by, reason) VALUES ('R-HW-DEADLINE', 'lessons', ?, ?, 'экскурсия')",
                       (t.MATH_5A_MON, t.DEPUTY))


def test_a_dated_change_names_the_week_page_it_shows_on(tiny_school):
    conn = tiny_school.connect()
    mark = touched(conn, "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                   " created_by) VALUES (?, ?, ?, '5', 'answer', ?)",
                   (t.POPOVA, t.MATH, t.MATH_5B_MON, t.MATH_TEACHER))
    assert mark.weeks == {t.POPOVA: {date(2026, 11, 16)}}
    note = touched(conn, "INSERT INTO comments (student_id, kind, text, created_by, created_at)"
                   " VALUES (?, 'note', 'Собрание в пятницу', ?, '2026-11-10T09:00:00Z')",
                   (t.POPOVA, t.MATH_TEACHER))
    assert note.weeks == {t.POPOVA: {date(2026, 11, 9)}}
    homework = touched(conn, "UPDATE lessons SET homework = '№ 250' WHERE id = ?", (t.MATH_5B_MON,))
    assert homework.weeks == {t.SMIRNOV: {date(2026, 11, 16)}, t.POPOVA: {date(2026, 11, 16)}}
    removed = touched(conn, "DELETE FROM comments WHERE student_id = ?", (t.POPOVA,))
    assert removed.weeks == {t.POPOVA: {date(2026, 11, 9)}}


def test_a_moved_lesson_names_the_week_it_left_and_the_one_it_joined(tiny_school):
    conn = tiny_school.connect()
    moved = touched(conn, "UPDATE lessons SET date = '2026-11-10' WHERE id = ?", (t.MATH_5B_MON,))
    both = {date(2026, 11, 9), date(2026, 11, 16)}
    assert moved.weeks == {t.SMIRNOV: both, t.POPOVA: both}
    other = touched(conn, "UPDATE lessons SET class_id = ?, date = '2026-11-16' WHERE id = ?",
                    (t.CLASS_5A, t.MATH_5B_MON))
    assert set(other.weeks) == {t.SMIRNOV, t.POPOVA, t.IVANOV, t.PETROVA, t.SIDOROV,
                                t.KUZNETSOVA}  # the class it left, and the one it joined


def test_an_undated_change_names_every_week_and_a_period_mark_none(tiny_school):
    conn = tiny_school.connect()
    period = conn.execute("SELECT id FROM periods WHERE code = 'Q1'").fetchone()[0]
    final = touched(conn, "INSERT INTO marks (student_id, subject_id, kind, period_id, value,"
                    " created_by) VALUES (?, ?, 'period', ?, '4', ?)",
                    (t.POPOVA, t.MATH, period, t.MATH_TEACHER))
    assert final.weeks == {t.POPOVA: set()} and final  # its summaries, no week page
    renamed = touched(conn, "UPDATE students SET first_name = 'Анна' WHERE id = ?", (t.POPOVA,))
    assert renamed.weeks == {t.POPOVA: None}
