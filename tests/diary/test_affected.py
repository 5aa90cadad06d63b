"""Which pages of which students a change of the journal touches."""

from __future__ import annotations

from datetime import date

from ejsync.diary import affected_students, last_change_id, read_changes
from ejsync.diary.selection import (
    ATTENDANCE,
    EVENTS,
    EVERY_PAGE,
    NONE,
    RESULTS,
    PageSelection,
)
from tests import tiny_school as t

WEEK = date(2026, 11, 16)
LESSON_DAY = date(2026, 11, 16)


def touched(conn, sql: str, params: tuple = ()):
    before = last_change_id(conn)
    conn.execute(sql, params)
    return affected_students(conn, read_changes(conn, before, last_change_id(conn)))


def test_a_mark_touches_its_week_and_period_an_absence_its_week_and_attendance(tiny_school):
    conn = tiny_school.connect()
    mark = touched(conn, "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                   " created_by) VALUES (?, ?, ?, '5', 'answer', ?)",
                   (t.POPOVA, t.MATH, t.MATH_5B_MON, t.MATH_TEACHER))
    assert mark.selections() == {t.POPOVA: PageSelection(frozenset({WEEK}),
                                                        frozenset({LESSON_DAY}), NONE)}
    absence = touched(conn, "INSERT INTO attendance (lesson_id, student_id, created_by)"
                      " VALUES (?, ?, ?)", (t.MATH_5B_MON, t.POPOVA, t.MATH_TEACHER))
    assert absence.selections() == {
        t.POPOVA: PageSelection(frozenset({WEEK}), NONE, frozenset({ATTENDANCE}))}
    note = touched(conn, "INSERT INTO comments (student_id, kind, text, created_by, created_at)"
                   " VALUES (?, 'note', 'Собрание в пятницу', ?, '2026-11-10T09:00:00Z')",
                   (t.POPOVA, t.MATH_TEACHER))
    assert note.selections() == {t.POPOVA: PageSelection(frozenset({date(2026, 11, 9)}),
                                                        NONE, NONE)}


def test_period_and_year_marks_touch_the_summaries_only(tiny_school):
    conn = tiny_school.connect()
    q1, year = (conn.execute("SELECT id FROM periods WHERE code = ?", (code,)).fetchone()[0]
                for code in ("Q1", "Y"))
    period = touched(conn, "INSERT INTO marks (student_id, subject_id, kind, period_id, value,"
                     " created_by) VALUES (?, ?, 'period', ?, '4', ?)",
                     (t.POPOVA, t.MATH, q1, t.MATH_TEACHER))
    selection = period.selections()[t.POPOVA]
    assert selection.weeks == NONE and selection.kinds == {RESULTS}
    assert len(selection.subject_days) == 1  # the day that names Q1
    final = touched(conn, "INSERT INTO marks (student_id, subject_id, kind, period_id, value,"
                    " created_by) VALUES (?, ?, 'year', ?, '4', ?)",
                    (t.POPOVA, t.MATH, year, t.MATH_TEACHER))
    assert final.selections() == {t.POPOVA: PageSelection(NONE, NONE, frozenset({RESULTS}))}


def test_a_lesson_touches_that_week_of_its_class_or_subgroup_on_that_date(tiny_school):
    conn = tiny_school.connect()
    whole = touched(conn, "UPDATE lessons SET topic = 'Новая тема' WHERE id = ?", (t.MATH_5A_MON,))
    assert whole.ids == {t.IVANOV, t.PETROVA, t.SIDOROV, t.KUZNETSOVA}
    assert set(whole.selections().values()) == {PageSelection(frozenset({WEEK}), NONE, NONE)}
    group = touched(conn, "UPDATE lessons SET homework = 'Упр. 5' WHERE id = ?", (t.ENGLISH_5A_G1,))
    assert group.ids == {t.IVANOV, t.PETROVA}
    conn.execute("UPDATE enrollments SET to_date = '2026-11-10' WHERE student_id = ?", (t.SIDOROV,))
    later = touched(conn, "UPDATE lessons SET topic = 'Ещё тема' WHERE id = ?", (t.MATH_5A_MON,))
    assert t.SIDOROV not in later.ids and t.IVANOV in later.ids


def test_a_moved_lesson_or_a_new_teacher_also_touch_subjects_and_attendance(tiny_school):
    conn = tiny_school.connect()
    moved = touched(conn, "UPDATE lessons SET date = '2026-11-10' WHERE id = ?", (t.MATH_5B_MON,))
    selection = moved.selections()[t.POPOVA]
    assert selection.weeks == {date(2026, 11, 9), WEEK}
    assert selection.subject_days and ATTENDANCE in selection.kinds
    teacher = touched(conn, "UPDATE lessons SET scheduled_teacher_id = ? WHERE id = ?",
                      (t.RUSSIAN_TEACHER, t.MATH_5B_MON))
    assert teacher.selections() == {t.SMIRNOV: EVERY_PAGE, t.POPOVA: EVERY_PAGE}


def test_events_touch_their_class_or_everyone_and_the_class_they_left(tiny_school):
    conn = tiny_school.connect()
    event = touched(conn, "INSERT INTO events (id, date, title, class_id) VALUES"
                    " (90, '2026-11-20', 'Экскурсия', ?)", (t.CLASS_10A,))
    assert event.ids == {t.VOLKOV, t.SOKOLOVA} and not event.everyone
    assert event.selections()[t.VOLKOV] == PageSelection(None, NONE, frozenset({EVENTS}))
    moved = touched(conn, "UPDATE events SET class_id = ? WHERE id = 90", (t.CLASS_5B,))
    assert moved.ids == {t.VOLKOV, t.SOKOLOVA, t.SMIRNOV, t.POPOVA}
    school = touched(conn, "INSERT INTO events (date, title) VALUES ('2026-11-20', 'Концерт')")
    assert school.everyone == PageSelection(None, NONE, frozenset({EVENTS}))


def test_school_wide_changes_touch_everyone_and_unshown_ones_nobody(tiny_school):
    conn = tiny_school.connect()
    assert touched(conn, "UPDATE settings SET value = '3' WHERE key = 'marks_from_grade'"
                   ).everyone == EVERY_PAGE
    assert touched(conn, "UPDATE periods SET title = '2 четверть' WHERE code = 'Q2'"
                   ).everyone == EVERY_PAGE
    assert not touched(conn, "INSERT INTO staff_roles (staff_id, role) VALUES (7, 'teacher')")
    assert not touched(conn, "UPDATE families SET address = 'ул. Новая, 1' WHERE id = 1")
    assert not touched(conn, "UPDATE guardians SET phone = '+7 900 1' WHERE family_id = 4")
    assert not touched(conn, "INSERT INTO comments (student_id, lesson_id, kind, text, to_family,"
                       " created_by) VALUES (?, ?, 'note', 'Служебное', 0, ?)",
                       (t.POPOVA, t.MATH_5B_MON, t.MATH_TEACHER))  # for staff only
    family = conn.execute("SELECT family_id FROM students WHERE id = ?", (t.POPOVA,)).fetchone()[0]
    assert not touched(conn, "INSERT INTO family_printouts (family_id, student_id, week_of,"
                       " printed_at) VALUES (?, ?, '2026-11-16', '2026-11-20T10:00:00Z')",
                       (family, t.POPOVA))  # the agent's own printouts rebuild no diary
    renamed = touched(conn, "UPDATE students SET first_name = 'Анна' WHERE id = ?", (t.POPOVA,))
    assert renamed.selections() == {t.POPOVA: EVERY_PAGE}
