"""The whole rights matrix (ejsync/store/rights.toml) against the store's triggers: every role
of the tiny school × every table × every operation, on a row inside the teacher's scope and on
a row outside everyone's, as a staff-server write. Each attempt is rolled back."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ejsync.store import Writer, transaction
from ejsync.store.clock import stamp
from ejsync.store.rights import load_rights, may, visible_sql
from tests.tiny_school import (
    ADMIN,
    CLASS_5A,
    CLASS_10A,
    DEPUTY,
    DIRECTOR,
    ENGLISH_TEACHER,
    IVANOV,
    MATH,
    MATH_5A_MON,
    MATH_TEACHER,
    RUSSIAN,
    RUSSIAN_TEACHER,
    SECRETARY,
    VOLKOV,
    build_tiny_school,
)

STAFF = (ADMIN, DIRECTOR, DEPUTY, MATH_TEACHER, RUSSIAN_TEACHER, ENGLISH_TEACHER, SECRETARY)
ROLES = {
    ADMIN: {"admin"}, DIRECTOR: {"director"}, DEPUTY: {"deputy"},
    MATH_TEACHER: {"teacher", "class_teacher"}, RUSSIAN_TEACHER: {"teacher"},
    ENGLISH_TEACHER: {"teacher"}, SECRETARY: {"secretary"},
}
THEIR_LESSON = 100  # 10А, Russian: nobody's load (made below)
NEXT_MONDAY = "2026-11-23"


@dataclass(frozen=True)
class Probe:
    """One write: SQL with the actor as `:me`; who holds which row scope over its row."""

    sql: str
    params: dict = field(default_factory=dict)
    taught: frozenset[int] = frozenset()
    klass: frozenset[int] = frozenset()
    reception: frozenset[int] = frozenset()


MINE = frozenset({MATH_TEACHER})  # 5А maths: Math teacher's load and her class
NOBODY: frozenset[int] = frozenset()
OFFICE = frozenset({DIRECTOR, DEPUTY})  # the administration of the «интернет-приёмная»
# Threads about Ivanov (5А): 1 with the class teacher, 2 with the Russian teacher, 3 with the
# office; each has one message (ids 1, 2, 3) by its staff party.
CLASS_THREAD, RUSSIAN_THREAD, OFFICE_THREAD = 1, 2, 3


def _probes() -> dict[tuple[str, str], list[Probe]]:
    now = stamp()
    p = Probe
    return {
        ("lessons", "insert"): [
            p("INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id,"
              " teacher_id, created_by) VALUES (2, 1, :day, 4, 4, :me, :me)",
              {"day": NEXT_MONDAY}, taught=MINE),
            p("INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id,"
              " teacher_id, created_by) VALUES (4, 2, :day, 5, 5, :me, :me)",
              {"day": NEXT_MONDAY}),
        ],
        ("lessons", "update"): [
            p("UPDATE lessons SET topic = 'Проверка' WHERE id = 1", taught=MINE),
            p(f"UPDATE lessons SET topic = 'Проверка' WHERE id = {THEIR_LESSON}"),
        ],
        ("lessons", "delete"): [p("DELETE FROM lessons WHERE id = 101")],
        ("marks", "insert"): [
            p("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
              " created_by) VALUES (1, 1, 1, '5', 'quiz', :me)", taught=MINE),
            p("INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
              f" created_by) VALUES (7, 2, {THEIR_LESSON}, '5', 'quiz', :me)"),
        ],
        ("attendance", "insert"): [
            p("INSERT INTO attendance (lesson_id, student_id, code, created_by)"
              " VALUES (1, 2, 'н', :me)", taught=MINE, klass=MINE),
            p("INSERT INTO attendance (lesson_id, student_id, code, created_by)"
              f" VALUES ({THEIR_LESSON}, 8, 'н', :me)"),
        ],
        ("attendance", "update"): [
            p("UPDATE attendance SET code = 'О' WHERE lesson_id = 1 AND student_id = 1",
              taught=MINE, klass=MINE),
            p(f"UPDATE attendance SET code = 'О' WHERE lesson_id = {THEIR_LESSON}"
              " AND student_id = 7"),
        ],
        ("attendance", "delete"): [
            p("DELETE FROM attendance WHERE lesson_id = 1 AND student_id = 1",
              taught=MINE, klass=MINE),
            p(f"DELETE FROM attendance WHERE lesson_id = {THEIR_LESSON} AND student_id = 7"),
        ],
        ("comments", "insert"): [
            p("INSERT INTO comments (student_id, lesson_id, kind, text, created_by)"
              " VALUES (1, 1, 'praise', 'Молодец', :me)", taught=MINE, klass=MINE),
            p("INSERT INTO comments (student_id, lesson_id, kind, text, created_by)"
              f" VALUES (7, {THEIR_LESSON}, 'praise', 'Молодец', :me)"),
        ],
        ("message_threads", "insert"): [
            p("INSERT INTO message_threads (family_id, student_id, kind, staff_id, topic,"
              f" started_by) VALUES (1, {IVANOV}, 'class_teacher', {MATH_TEACHER}, 'Тема', :me)",
              klass=MINE),
            p("INSERT INTO message_threads (family_id, student_id, kind, staff_id, topic,"
              f" started_by) VALUES (1, {IVANOV}, 'teacher', :me, 'Тема', :me)",
              taught=frozenset({MATH_TEACHER, RUSSIAN_TEACHER, ENGLISH_TEACHER})),
            p("INSERT INTO message_threads (family_id, student_id, kind, topic, started_by)"
              f" VALUES (1, {IVANOV}, 'reception', 'Тема', :me)", reception=OFFICE),
        ],
        ("messages", "insert"): [
            p("INSERT INTO messages (thread_id, author_staff_id, body)"
              f" VALUES ({CLASS_THREAD}, :me, 'Здравствуйте')", klass=MINE),
            p("INSERT INTO messages (thread_id, author_staff_id, body)"
              f" VALUES ({RUSSIAN_THREAD}, :me, 'Здравствуйте')",
              taught=frozenset({RUSSIAN_TEACHER})),
            p("INSERT INTO messages (thread_id, author_staff_id, body)"
              f" VALUES ({OFFICE_THREAD}, :me, 'Здравствуйте')", reception=OFFICE),
        ],
        ("messages", "update"): [  # withdrawing: the author only, within 10 minutes
            p("UPDATE messages SET withdrawn_at = :now WHERE id = 1", {"now": now}, klass=MINE),
            p("UPDATE messages SET withdrawn_at = :now WHERE id = 3", {"now": now},
              reception=frozenset({DEPUTY})),
        ],
        ("message_attachments", "insert"): [
            p("INSERT INTO message_attachments (message_id, filename, content_type, size, sha256)"
              " VALUES (1, 'a.pdf', 'application/pdf', 10, :sha)", {"sha": "a" * 64}, klass=MINE),
            p("INSERT INTO message_attachments (message_id, filename, content_type, size, sha256)"
              " VALUES (3, 'a.pdf', 'application/pdf', 10, :sha)", {"sha": "a" * 64},
              reception=OFFICE),
        ],
        ("message_reads", "insert"): [
            p(f"INSERT INTO message_reads (thread_id, reader, last_read_id) VALUES ({RUSSIAN_THREAD},"
              " :me, 2)", taught=frozenset({RUSSIAN_TEACHER})),
            p(f"INSERT INTO message_reads (thread_id, reader, last_read_id) VALUES ({OFFICE_THREAD},"
              " :me, 3)", reception=OFFICE),
        ],
        ("message_reads", "update"): [
            p("UPDATE message_reads SET last_read_id = 2 WHERE thread_id = 1 AND reader = 4",
              klass=MINE),
        ],
        ("substitutions", "insert"): [
            p("INSERT INTO substitutions (date, slot, class_id, subject_id, absent_teacher_id,"
              " substitute_id, recorded_by) VALUES (:day, 2, 3, 1, 4, 6, :me)",
              {"day": NEXT_MONDAY}),
        ],
        ("substitutions", "update"): [
            p("UPDATE substitutions SET cancelled_at = :now, cancelled_by = :me WHERE id = 1",
              {"now": now}),
        ],
        ("thematic_plan", "insert"): [
            p("INSERT INTO thematic_plan (class_id, subject_id, lesson_no, topic)"
              " VALUES (2, 1, 99, 'Тема')", taught=MINE),
            p("INSERT INTO thematic_plan (class_id, subject_id, lesson_no, topic)"
              " VALUES (4, 2, 99, 'Тема')"),
        ],
        ("thematic_plan", "update"): [
            p("UPDATE thematic_plan SET topic = 'Новая' WHERE id = 1", taught=MINE),
            p("UPDATE thematic_plan SET topic = 'Новая' WHERE id = 2"),
        ],
        ("thematic_plan", "delete"): [
            p("DELETE FROM thematic_plan WHERE id = 1", taught=MINE),
            p("DELETE FROM thematic_plan WHERE id = 2"),
        ],
        ("students", "insert"): [
            p("INSERT INTO students (last_name, first_name) VALUES ('Новиков', 'Ян')"),
        ],
        ("students", "update"): [
            p(f"UPDATE students SET middle_name = 'И.' WHERE id = {IVANOV}", klass=MINE),
            p(f"UPDATE students SET middle_name = 'И.' WHERE id = {VOLKOV}"),
        ],
        ("students", "link"): [
            p(f"UPDATE students SET family_id = 2 WHERE id = {IVANOV}", klass=MINE),
        ],
        ("families", "insert"): [
            p("INSERT INTO families (title, login) VALUES ('Семья Новых', 'abcd-efgh')"),
        ],
        ("families", "update"): [
            p("UPDATE families SET notes = 'звонить вечером' WHERE id = 1", klass=MINE),
            p("UPDATE families SET notes = 'звонить вечером' WHERE id = 5"),
        ],
        ("families", "link"): [p("UPDATE families SET login = 'wxyz-2345' WHERE id = 1",
                                 klass=MINE)],
        ("guardians", "insert"): [
            p("INSERT INTO guardians (family_id, last_name, first_name) VALUES (1, 'Иванов', 'С')",
              klass=MINE),
            p("INSERT INTO guardians (family_id, last_name, first_name) VALUES (5, 'Смирнова', 'А')"),
        ],
        ("guardians", "update"): [
            p("UPDATE guardians SET phone = '+7 900 1' WHERE family_id = 1", klass=MINE),
            p("UPDATE guardians SET phone = '+7 900 1' WHERE family_id = 5"),
        ],
        ("guardians", "delete"): [
            p("DELETE FROM guardians WHERE family_id = 1", klass=MINE),
        ],
        ("guardians", "link"): [
            p("UPDATE guardians SET family_id = 2 WHERE family_id = 1", klass=MINE),
        ],
        ("enrollments", "insert"): [
            p(f"INSERT INTO enrollments (student_id, class_id, from_date) VALUES (51, {CLASS_10A},"
              " '2027-01-11')"),
        ],
        ("enrollments", "update"): [p("UPDATE enrollments SET to_date = '2026-12-30' WHERE id = 7")],
        ("subgroup_members", "insert"): [
            p("INSERT INTO subgroup_members (subgroup_id, student_id, from_date)"
              " VALUES (1, 50, '2026-12-29')"),
        ],
        ("subgroup_members", "update"): [
            p("UPDATE subgroup_members SET to_date = '2026-12-28' WHERE id = 1"),
        ],
        ("access_codes", "insert"): [
            p("INSERT INTO access_codes (family_id, version, secret_encrypted, issued_at,"
              " issued_by) VALUES (2, 9, x'00', :now, :me)", {"now": now}, klass=MINE),
            p("INSERT INTO access_codes (family_id, version, secret_encrypted, issued_at,"
              " issued_by) VALUES (5, 9, x'00', :now, :me)", {"now": now}),
        ],
        ("access_codes", "update"): [
            p("UPDATE access_codes SET revoked_at = :now, revoked_by = :me WHERE family_id = 1",
              {"now": now}, klass=MINE),
            p("UPDATE access_codes SET revoked_at = :now, revoked_by = :me WHERE family_id = 6",
              {"now": now}),
        ],
        ("events", "insert"): [
            p(f"INSERT INTO events (date, title, class_id) VALUES (:day, 'Собрание', {CLASS_5A})",
              {"day": NEXT_MONDAY}, klass=MINE),
            p("INSERT INTO events (date, title) VALUES (:day, 'Линейка')", {"day": NEXT_MONDAY}),
        ],
        ("events", "update"): [
            p("UPDATE events SET place = 'каб. 205' WHERE id = 1", klass=MINE),
            p("UPDATE events SET place = 'каб. 205' WHERE id = 2"),
        ],
        ("events", "delete"): [
            p("DELETE FROM events WHERE id = 1", klass=MINE),
            p("DELETE FROM events WHERE id = 2"),
        ],
        ("consultations", "insert"): [
            p("INSERT INTO consultations (staff_id, room, weekday, starts_at, ends_at, topics)"
              " VALUES (1, '101', 2, '15:00', '16:00', 'вход')"),
        ],
        ("consultations", "update"): [p("UPDATE consultations SET room = '102' WHERE id = 1")],
        ("consultations", "delete"): [p("DELETE FROM consultations WHERE id = 1")],
        ("support_requests", "insert"): [
            p("INSERT INTO support_requests (asked_on, asked_by, role, question, recorded_by)"
              " VALUES ('2026-11-23', 'Я', 'учитель', 'Вопрос', :me)"),
        ],
        ("support_requests", "update"): [
            p("UPDATE support_requests SET answer = 'Ответ' WHERE id = 1"),
        ],
        ("violations", "update"): [  # closed when the deputy accepts it (a waiver)
            p("UPDATE violations SET closed_at = '2026-11-17T10:00:00Z' WHERE id = 1"),
        ],
        ("violation_waivers", "insert"): [
            p("INSERT INTO violation_waivers (rule, record_table, record_id, waived_by, reason)"
              " VALUES ('R-MARK-ORAL', 'marks', 1, :me, 'болел учитель')"),
        ],
        ("edition_registrations", "insert"): [
            p("INSERT INTO edition_registrations (edition_id, register_no, registered_by)"
              " VALUES (1, '2026-0001', :me)"),
        ],
        ("backup_log", "insert"): [
            p("INSERT INTO backup_log (action, path) VALUES ('use', '/media/disk')"),
        ],
        ("print_editions", "insert"): [
            p("INSERT INTO print_editions (kind, path, manifest_sha256, source_sha256,"
              " generated_at) VALUES ('journal', '/x', 'a', 'b', :now)", {"now": now}),
        ],
        ("timetable", "insert"): [
            p("INSERT INTO timetable (class_id, subject_id, teacher_id, weekday, slot, valid_from)"
              " VALUES (4, 2, 5, 2, 1, '2026-09-01')"),
        ],
        ("teaching_assignments", "insert"): [
            p("INSERT INTO teaching_assignments (class_id, subject_id, teacher_id)"
              " VALUES (4, 2, 5)"),
        ],
        ("staff_roles", "insert"): [
            p("INSERT INTO staff_roles (staff_id, role) VALUES (5, 'deputy')"),
        ],
        ("settings", "update"): [
            p("UPDATE settings SET value = '3' WHERE key = 'marks_from_grade'"),
        ],
        ("mark_scale", "insert"): [
            p("INSERT INTO mark_scale (value, numeric_value, title) VALUES ('1', 1, 'плохо')"),
        ],
    }


EXTRA_ROWS = f"""
INSERT INTO lessons (id, class_id, subject_id, date, slot, scheduled_teacher_id, teacher_id,
                     topic, created_by)
VALUES ({THEIR_LESSON}, {CLASS_10A}, {RUSSIAN}, '2026-11-16', 4, {DEPUTY}, {DEPUTY},
        'Орфография', {DEPUTY}),
       (101, {CLASS_10A}, {RUSSIAN}, '2026-11-16', 5, {DEPUTY}, {DEPUTY}, '', {DEPUTY});
INSERT INTO families (id, title, login) VALUES (6, 'Семья Тестовых', 'test-6666');
INSERT INTO students (id, last_name, first_name, family_id) VALUES
    (50, 'Новенький', 'Олег', NULL), (51, 'Тестов', 'Иван', 6);
INSERT INTO enrollments (student_id, class_id, from_date) VALUES (50, {CLASS_5A}, '2026-09-01');
INSERT INTO attendance (lesson_id, student_id, code, created_by) VALUES
    ({MATH_5A_MON}, {IVANOV}, 'н', {MATH_TEACHER}),
    ({THEIR_LESSON}, {VOLKOV}, 'н', {RUSSIAN_TEACHER});
INSERT INTO thematic_plan (id, class_id, subject_id, lesson_no, topic) VALUES
    (1, {CLASS_5A}, {MATH}, 1, 'Дроби'), (2, {CLASS_10A}, {RUSSIAN}, 1, 'Орфография');
INSERT INTO events (id, date, title, class_id) VALUES
    (1, '2026-11-20', 'Собрание 5А', {CLASS_5A}), (2, '2026-11-20', 'Собрание 10А', {CLASS_10A});
INSERT INTO consultations (id, staff_id, room, weekday, starts_at, ends_at, topics)
VALUES (1, {ADMIN}, '101', 2, '15:00', '16:00', 'вход');
INSERT INTO support_requests (id, asked_on, asked_by, role, question)
VALUES (1, '2026-11-16', 'Буквин Р. О.', 'учитель', 'Не входит');
INSERT INTO substitutions (id, date, slot, class_id, subject_id, absent_teacher_id,
                           substitute_id, recorded_by)
VALUES (1, '2026-11-30', 2, 3, 1, {MATH_TEACHER}, {RUSSIAN_TEACHER}, {DEPUTY});
INSERT INTO access_codes (family_id, version, secret_encrypted, issued_at) VALUES
    (1, 1, x'00', '2026-11-01T08:00:00Z'), (6, 1, x'00', '2026-11-01T08:00:00Z');
INSERT INTO print_editions (id, kind, path, manifest_sha256, source_sha256, generated_at)
VALUES (1, 'journal', '/archive/x', 'a', 'b', '2026-11-01T08:00:00Z');
INSERT INTO message_threads (id, family_id, student_id, kind, staff_id, topic) VALUES
    ({CLASS_THREAD}, 1, {IVANOV}, 'class_teacher', {MATH_TEACHER}, 'Экскурсия'),
    ({RUSSIAN_THREAD}, 1, {IVANOV}, 'teacher', {RUSSIAN_TEACHER}, 'Диктант'),
    ({OFFICE_THREAD}, 1, {IVANOV}, 'reception', NULL, 'Питание');
INSERT INTO messages (id, thread_id, author_staff_id, body) VALUES
    (1, {CLASS_THREAD}, {MATH_TEACHER}, 'Экскурсия в пятницу'),
    (2, {RUSSIAN_THREAD}, {RUSSIAN_TEACHER}, 'Диктант написан хорошо'),
    (3, {OFFICE_THREAD}, {DEPUTY}, 'Меню на неделю');
INSERT INTO message_reads (thread_id, reader, last_read_id) VALUES ({CLASS_THREAD}, {MATH_TEACHER}, 1);
INSERT INTO violations (id, rule, severity, record_table, record_id, class_id, found_at, message)
VALUES (1, 'R-HW-DEADLINE', 'warning', 'lessons', 1, 2, '2026-11-16T12:00:00Z', 'Проверка');
"""


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path: Path = tmp_path_factory.mktemp("rights") / "school.db"
    conn = build_tiny_school(path).connect()
    with transaction(conn):
        for statement in EXTRA_ROWS.split(";\n"):
            if statement.strip():
                conn.execute(statement)
    return conn


def expected(staff_id: int, table: str, op: str, probe: Probe) -> bool:
    """What rights.toml says: some role of the staff member covers the probe's row."""
    rights = next(t for t in load_rights() if t.table == table)
    for role in ROLES[staff_id]:
        scope = rights.scope_of(role, op)
        if scope == "all" or (scope == "taught" and staff_id in probe.taught) or (
                scope == "class" and staff_id in probe.klass) or (
                scope == "reception" and staff_id in probe.reception):
            return True
    return False


def attempt(conn: sqlite3.Connection, staff_id: int, probe: Probe) -> str | None:
    """Run the probe as a staff-server write of `staff_id`; the refusal, or None. Rolled back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT INTO write_context (id, staff_id, source) VALUES (1, ?, 'web')",
                     (staff_id,))
        cursor = conn.execute(probe.sql, {**probe.params, "me": staff_id})
        assert cursor.rowcount != 0, f"probe touches no row: {probe.sql}"
        return None
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.execute("ROLLBACK")


CELLS = [(table, op, index) for (table, op), probes in _probes().items()
         for index in range(len(probes))]


def _fingerprint(conn: sqlite3.Connection) -> str:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return repr([[tuple(row) for row in conn.execute(f"SELECT * FROM {t} ORDER BY rowid")]
                 for t in tables])


def test_every_table_of_the_matrix_has_a_probe_for_each_of_its_operations() -> None:
    probed = set(_probes())
    wanted = {(t.table, op) for t in load_rights() for op in t.ops() if op != "read"}
    assert wanted - probed <= {
        # operations whose rows only the admin may touch, probed through their siblings
        ("subgroup_members", "update"), ("timetable", "update"), ("timetable", "delete"),
        ("teaching_assignments", "update"), ("teaching_assignments", "delete"),
        ("subgroups", "insert"), ("subgroups", "update"), ("classes", "insert"),
        ("classes", "update"), ("staff", "insert"), ("staff", "update"),
        ("staff_roles", "delete"), ("subjects", "insert"), ("subjects", "update"),
        ("curriculum", "insert"), ("curriculum", "update"), ("curriculum", "delete"),
        ("periods", "insert"), ("periods", "update"), ("holidays", "insert"),
        ("holidays", "update"), ("holidays", "delete"), ("bell_schedule", "insert"),
        ("bell_schedule", "update"), ("school", "update"), ("mark_scale", "update"),
        ("mark_scale", "delete"), ("work_types", "insert"), ("work_types", "update"),
        ("academic_years", "insert"), ("academic_years", "update"),
        ("form_submissions", "insert"), ("refused_writes", "insert"),
    }


@pytest.mark.parametrize(("table", "op", "index"), CELLS)
def test_the_store_grants_exactly_what_the_matrix_says(school, table, op, index) -> None:
    probe = _probes()[(table, op)][index]
    before = _fingerprint(school)
    for staff_id in STAFF:
        refusal = attempt(school, staff_id, probe)
        if expected(staff_id, table, op, probe):
            assert refusal is None, (staff_id, table, op, probe.sql, refusal)
        else:
            assert refusal is not None, (staff_id, table, op, probe.sql)
            assert refusal[:2] in ("R-", "P-"), refusal  # a rule ID, in Russian
    assert _fingerprint(school) == before


def test_tools_and_the_file_owner_are_not_rights_checked(school) -> None:
    probe = _probes()[("lessons", "update")][1]
    conn = school
    for writer in (Writer.tool("cli"), Writer.tool("import", SECRETARY)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("INSERT INTO write_context (id, staff_id, source) VALUES (1, ?, ?)",
                         (writer.staff_id, writer.source))
            assert conn.execute(probe.sql, {"me": writer.staff_id}).rowcount == 1
        finally:
            conn.execute("ROLLBACK")



THREAD_READERS = {  # who sees which thread by the `read` rights
    CLASS_THREAD: {MATH_TEACHER}, RUSSIAN_THREAD: {RUSSIAN_TEACHER}, OFFICE_THREAD: OFFICE,
}


def test_a_thread_is_seen_by_exactly_the_staff_it_concerns(school) -> None:
    for thread_id, readers in THREAD_READERS.items():
        for staff_id in STAFF:
            seen = school.execute(
                f"SELECT {visible_sql('message_threads', 't')} FROM message_threads t"
                " WHERE t.id = :id", {"me": staff_id, "id": thread_id}).fetchone()[0]
            assert bool(seen) == (staff_id in readers), (thread_id, staff_id)
            for table in ("messages", "message_reads"):
                may_write = may(school, staff_id, table, "insert",
                                values={"thread_id": thread_id, "reader": staff_id})
                assert may_write == (staff_id in readers), (table, thread_id, staff_id)
