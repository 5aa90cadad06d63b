"""Each hard rule: a write it must reject (changing nothing) and a neighbouring one it accepts."""

from __future__ import annotations

import sqlite3

import pytest

from tests.store.snapshot import snapshot
from tests.tiny_school import (
    CLASS_1A,
    CLASS_5A,
    CLASS_5B,
    CLASS_10A,
    DEPUTY,
    ENGLISH,
    ENGLISH_5A_G1,
    ENGLISH_TEACHER,
    GROUP_1,
    IVANOV,
    LEBEDEV,
    MATH,
    MATH_5A_MON,
    MATH_TEACHER,
    PETROVA,
    READING,
    READING_1A,
    SIDOROV,
    SMIRNOV,
    VOLKOV,
)

INSERT_MARK = (
    "INSERT INTO marks (student_id, subject_id, kind, lesson_id, period_id, value, work_type,"
    " corrects_id, correction_reason, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_LESSON = (
    "INSERT INTO lessons (class_id, subgroup_id, subject_id, date, slot, scheduled_teacher_id,"
    " teacher_id, control_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_ABSENCE = "INSERT INTO attendance (lesson_id, student_id, code, created_by) VALUES (?, ?, ?, ?)"


def current_mark(student, value="5", lesson=MATH_5A_MON, work_type="answer", subject=MATH):
    """Parameters of a current mark by the math teacher."""
    return (student, subject, "current", lesson, None, value, work_type, None, "", MATH_TEACHER)


def period_id(conn: sqlite3.Connection, code: str) -> int:
    return conn.execute("SELECT id FROM periods WHERE code = ?", (code,)).fetchone()[0]


def assert_refused(conn: sqlite3.Connection, sql: str, params: tuple, rule: str, words: str):
    """The write fails with a Russian message naming `rule`, and no table changes."""
    before = snapshot(conn)
    with pytest.raises(sqlite3.IntegrityError) as refused:
        conn.execute(sql, params)
    message = str(refused.value)
    assert message.startswith(rule + ":"), message
    assert words in message
    assert snapshot(conn) == before


@pytest.fixture
def conn(tiny_school):
    connection = tiny_school.connect()
    yield connection
    connection.close()


class TestMarkScale:
    """R-MARK-SCALE."""

    def test_mark_six_refused_five_accepted(self, conn):
        assert_refused(conn, INSERT_MARK, current_mark(IVANOV, "6"), "R-MARK-SCALE", "шкале")
        conn.execute(INSERT_MARK, current_mark(IVANOV, "5"))
        assert conn.execute("SELECT value FROM marks WHERE student_id = ?", (IVANOV,)).fetchone()[0] == "5"

    def test_configured_non_numeric_mark_accepted(self, conn):
        conn.execute(INSERT_MARK, current_mark(IVANOV, "зач"))

    def test_no_marks_in_first_grade_but_second_grade_setting_change_allows(self, conn):
        params = (LEBEDEV, READING, "current", READING_1A, None, "5", "answer", None, "", MATH_TEACHER)
        assert_refused(conn, INSERT_MARK, params, "R-MARK-SCALE", "безотметочное")
        conn.execute("UPDATE settings SET value = '1' WHERE key = 'marks_from_grade'")
        conn.execute(INSERT_MARK, params)

    def test_unknown_work_type_refused(self, conn):
        params = current_mark(IVANOV, work_type="guess")
        assert_refused(conn, INSERT_MARK, params, "R-MARK-DATE", "вид работы")


class TestNoCorrection:
    """R-NO-CORRECTION: marks are never updated or deleted; corrections are new rows."""

    def test_update_and_delete_refused(self, conn):
        mark = conn.execute(INSERT_MARK, current_mark(IVANOV, "3")).lastrowid
        assert_refused(conn, "UPDATE marks SET value = '5' WHERE id = ?", (mark,),
                       "R-NO-CORRECTION", "изменять нельзя")
        assert_refused(conn, "DELETE FROM marks WHERE id = ?", (mark,),
                       "R-NO-CORRECTION", "удалять нельзя")

    def test_correction_by_teacher_refused_by_deputy_accepted(self, conn):
        mark = conn.execute(INSERT_MARK, current_mark(IVANOV, "3")).lastrowid
        by_teacher = (IVANOV, MATH, "current", MATH_5A_MON, None, "4", "answer", mark,
                      "ошибка при вводе", MATH_TEACHER)
        assert_refused(conn, INSERT_MARK, by_teacher, "R-NO-CORRECTION", "заместитель")
        by_deputy = by_teacher[:-1] + (DEPUTY,)
        new_id = conn.execute(INSERT_MARK, by_deputy).lastrowid
        row = conn.execute("SELECT corrects_id, value FROM marks WHERE id = ?", (new_id,)).fetchone()
        assert tuple(row) == (mark, "4")
        original = conn.execute("SELECT value FROM marks WHERE id = ?", (mark,)).fetchone()[0]
        assert original == "3"

    def test_correction_needs_reason(self, conn):
        mark = conn.execute(INSERT_MARK, current_mark(IVANOV, "3")).lastrowid
        params = (IVANOV, MATH, "current", MATH_5A_MON, None, "4", "answer", mark, "  ", DEPUTY)
        assert_refused(conn, INSERT_MARK, params, "R-NO-CORRECTION", "причину")

    def test_correction_of_another_students_mark_refused(self, conn):
        mark = conn.execute(INSERT_MARK, current_mark(IVANOV, "3")).lastrowid
        params = (PETROVA, MATH, "current", MATH_5A_MON, None, "4", "answer", mark, "ошибка", DEPUTY)
        assert_refused(conn, INSERT_MARK, params, "R-NO-CORRECTION", "той же отметке")

    def test_second_correction_of_same_mark_refused(self, conn):
        mark = conn.execute(INSERT_MARK, current_mark(IVANOV, "3")).lastrowid
        params = (IVANOV, MATH, "current", MATH_5A_MON, None, "4", "answer", mark, "ошибка", DEPUTY)
        correction = conn.execute(INSERT_MARK, params).lastrowid
        assert_refused(conn, INSERT_MARK, params, "R-NO-CORRECTION", "уже исправлена")
        chained = params[:7] + (correction, "повторная проверка", DEPUTY)
        conn.execute(INSERT_MARK, chained)

    def test_double_submit_refused_other_work_type_accepted(self, conn):
        conn.execute(INSERT_MARK, current_mark(IVANOV, "4"))
        assert_refused(conn, INSERT_MARK, current_mark(IVANOV, "4"), "R-NO-CORRECTION",
                       "уже выставлена")
        conn.execute(INSERT_MARK, current_mark(IVANOV, "5", work_type="independent"))


class TestMembership:
    """A mark or absence only for a student of the lesson's class or subgroup on its date."""

    def test_mark_for_student_of_another_class_refused(self, conn):
        assert_refused(conn, INSERT_MARK, current_mark(SMIRNOV), "R-CLASS-LIST", "не числится")
        conn.execute(INSERT_MARK, current_mark(PETROVA))

    def test_mark_in_subgroup_lesson_only_for_its_members(self, conn):
        outsider = current_mark(SIDOROV, lesson=ENGLISH_5A_G1, subject=ENGLISH)
        outsider = outsider[:-1] + (ENGLISH_TEACHER,)
        assert_refused(conn, INSERT_MARK, outsider, "R-CLASS-LIST", "подгруппе")
        member = current_mark(IVANOV, lesson=ENGLISH_5A_G1, subject=ENGLISH)[:-1] + (ENGLISH_TEACHER,)
        conn.execute(INSERT_MARK, member)

    def test_student_who_left_before_lesson_refused(self, conn):
        conn.execute("UPDATE enrollments SET to_date = '2026-11-13' WHERE student_id = ?", (PETROVA,))
        assert_refused(conn, INSERT_MARK, current_mark(PETROVA), "R-CLASS-LIST", "не числится")
        conn.execute("UPDATE enrollments SET to_date = '2026-11-16' WHERE student_id = ?", (PETROVA,))
        conn.execute(INSERT_MARK, current_mark(PETROVA))

    def test_absence_for_other_class_refused(self, conn):
        assert_refused(conn, INSERT_ABSENCE, (MATH_5A_MON, VOLKOV, "н", MATH_TEACHER),
                       "R-CLASS-LIST", "не числится")
        conn.execute(INSERT_ABSENCE, (MATH_5A_MON, IVANOV, "н", MATH_TEACHER))

    def test_second_enrollment_overlapping_refused(self, conn):
        sql = "INSERT INTO enrollments (student_id, class_id, from_date) VALUES (?, ?, ?)"
        assert_refused(conn, sql, (IVANOV, CLASS_5B, "2026-12-01"), "R-CLASS-LIST", "уже числится")
        conn.execute("UPDATE enrollments SET to_date = '2026-11-30' WHERE student_id = ?", (IVANOV,))
        conn.execute(sql, (IVANOV, CLASS_5B, "2026-12-01"))

    def test_subgroup_member_must_be_in_class_and_one_group(self, conn):
        sql = "INSERT INTO subgroup_members (subgroup_id, student_id, from_date) VALUES (?, ?, ?)"
        assert_refused(conn, sql, (GROUP_1, SMIRNOV, "2026-09-01"), "R-SUBGROUPS", "этого класса")
        assert_refused(conn, sql, (GROUP_1, SIDOROV, "2026-09-01"), "R-SUBGROUPS", "другой подгруппе")


class TestAttendanceCodes:
    """Attendance codes only н/Б/У/Н/О (R-ABSENCE-MARK, R-ABSENCE-REASON)."""

    @pytest.mark.parametrize("code", ["x", "Н/П", "", "n"])
    def test_unknown_code_refused(self, conn, code):
        assert_refused(conn, INSERT_ABSENCE, (MATH_5A_MON, IVANOV, code, MATH_TEACHER),
                       "R-ABSENCE-REASON", "только н, Б")

    def test_reason_update_accepted_bad_reason_refused(self, conn):
        absence = conn.execute(INSERT_ABSENCE, (MATH_5A_MON, IVANOV, "н", MATH_TEACHER)).lastrowid
        set_reason = "UPDATE attendance SET code = ?, reason_set_by = ? WHERE id = ?"
        conn.execute(set_reason, ("Б", MATH_TEACHER, absence))
        assert_refused(conn, set_reason, ("Q", MATH_TEACHER, absence),
                       "R-ABSENCE-REASON", "только н, Б")
        assert conn.execute("SELECT code FROM attendance WHERE id = ?", (absence,)).fetchone()[0] == "Б"

    def test_double_absence_refused(self, conn):
        conn.execute(INSERT_ABSENCE, (MATH_5A_MON, IVANOV, "н", MATH_TEACHER))
        assert_refused(conn, INSERT_ABSENCE, (MATH_5A_MON, IVANOV, "н", MATH_TEACHER),
                       "R-ABSENCE-MARK", "уже отмечено")


class TestLessonDays:
    """A lesson only on a school day of an existing period (R-PERIODS)."""

    def lesson(self, date, class_id=CLASS_5A, slot=4, subgroup=None, subject=MATH):
        return (class_id, subgroup, subject, date, slot, MATH_TEACHER, MATH_TEACHER, "")

    def test_holiday_refused_next_school_day_accepted(self, conn):
        assert_refused(conn, INSERT_LESSON, self.lesson("2027-02-23"), "R-PERIODS", "каникулы")
        conn.execute(INSERT_LESSON, self.lesson("2027-02-24"))

    def test_outside_any_period_refused(self, conn):
        assert_refused(conn, INSERT_LESSON, self.lesson("2026-08-31"), "R-PERIODS", "не входит")
        conn.execute(INSERT_LESSON, self.lesson("2026-09-01"))

    def test_sunday_refused(self, conn):
        assert_refused(conn, INSERT_LESSON, self.lesson("2026-11-22"), "R-PERIODS", "воскресенье")

    def test_saturday_only_for_six_day_classes(self, conn):
        assert_refused(conn, INSERT_LESSON, self.lesson("2026-11-21"), "R-PERIODS", "пять дней")
        conn.execute(INSERT_LESSON, self.lesson("2026-11-21", class_id=CLASS_10A))

    def test_malformed_date_refused(self, conn):
        assert_refused(conn, INSERT_LESSON, self.lesson("16.11.2026"), "R-PERIODS", "ГГГГ-ММ-ДД")

    def test_subject_outside_curriculum_refused(self, conn):
        params = self.lesson("2026-11-17", class_id=CLASS_1A, subject=MATH)
        assert_refused(conn, INSERT_LESSON, params, "R-KTP-HOURS", "учебном плане")

    def test_subgroup_of_another_class_refused(self, conn):
        params = self.lesson("2026-11-17", class_id=CLASS_5B, subgroup=GROUP_1, subject=ENGLISH)
        assert_refused(conn, INSERT_LESSON, params, "R-SUBGROUPS", "подгруппа")

    def test_moving_lesson_with_marks_refused_without_marks_accepted(self, conn):
        conn.execute("UPDATE lessons SET date = '2026-11-17' WHERE id = ?", (ENGLISH_5A_G1,))
        conn.execute(INSERT_MARK, current_mark(IVANOV))
        assert_refused(conn, "UPDATE lessons SET date = '2026-11-17' WHERE id = ?", (MATH_5A_MON,),
                       "R-MARK-DATE", "менять нельзя")
        assert_refused(conn, "DELETE FROM lessons WHERE id = ?", (MATH_5A_MON,),
                       "R-NO-CORRECTION", "удалить")
        conn.execute("UPDATE lessons SET homework = '№ 250' WHERE id = ?", (MATH_5A_MON,))


class TestPeriodMarks:
    """Period and year marks belong to a period of the right kind, once each."""

    def test_quarter_mark_needs_quarter_of_students_grade(self, conn):
        q2, h1, year = (period_id(conn, code) for code in ("Q2", "H1", "Y"))
        params = (IVANOV, MATH, "period", None, h1, "5", None, None, "", MATH_TEACHER)
        assert_refused(conn, INSERT_MARK, params, "R-PERIODS", "не учится")
        params = (IVANOV, MATH, "period", None, year, "5", None, None, "", MATH_TEACHER)
        assert_refused(conn, INSERT_MARK, params, "R-PERIODS", "за год (Y)")
        conn.execute(INSERT_MARK, (IVANOV, MATH, "period", None, q2, "5", None, None, "", MATH_TEACHER))
        conn.execute(INSERT_MARK, (IVANOV, MATH, "year", None, year, "5", None, None, "", MATH_TEACHER))

    def test_half_year_for_tenth_grade(self, conn):
        h1 = period_id(conn, "H1")
        conn.execute(INSERT_MARK, (VOLKOV, MATH, "period", None, h1, "4", None, None, "", MATH_TEACHER))
        again = (VOLKOV, MATH, "period", None, h1, "5", None, None, "", MATH_TEACHER)
        assert_refused(conn, INSERT_MARK, again, "R-NO-CORRECTION", "уже выставлена")

    def test_period_mark_with_lesson_refused(self, conn):
        q2 = period_id(conn, "Q2")
        params = (IVANOV, MATH, "period", MATH_5A_MON, q2, "5", None, None, "", MATH_TEACHER)
        assert_refused(conn, INSERT_MARK, params, "R-PERIODS", "за период")


class TestChangeLog:
    """Every write appends a `changes` row naming what it affects."""

    def test_mark_insert_logged_with_student_and_class(self, conn):
        last = conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]
        mark = conn.execute(INSERT_MARK, current_mark(IVANOV)).lastrowid
        rows = conn.execute(
            "SELECT tbl, row_id, op, student_id, class_id FROM changes WHERE id > ?", (last,)
        ).fetchall()
        assert [tuple(r) for r in rows] == [("marks", mark, "INSERT", IVANOV, CLASS_5A)]

    def test_lesson_update_logged_for_class_and_subgroup(self, conn):
        last = conn.execute("SELECT MAX(id) FROM changes").fetchone()[0]
        conn.execute("UPDATE lessons SET homework = 'Упр. 5' WHERE id = ?", (ENGLISH_5A_G1,))
        rows = conn.execute(
            "SELECT tbl, op, student_id, class_id, subgroup_id FROM changes WHERE id > ?", (last,)
        ).fetchall()
        assert [tuple(r) for r in rows] == [("lessons", "UPDATE", None, CLASS_5A, GROUP_1)]

    def test_refused_write_logs_nothing(self, conn):
        count = conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(INSERT_MARK, current_mark(SMIRNOV))
        assert conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == count

    def test_absence_delete_logged(self, conn):
        absence = conn.execute(INSERT_ABSENCE, (MATH_5A_MON, IVANOV, "н", MATH_TEACHER)).lastrowid
        conn.execute("DELETE FROM attendance WHERE id = ?", (absence,))
        row = conn.execute("SELECT tbl, op, student_id FROM changes ORDER BY id DESC LIMIT 1").fetchone()
        assert tuple(row) == ("attendance", "DELETE", IVANOV)
