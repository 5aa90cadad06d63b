"""Family data is changed, through the staff server, by its children's class teacher or an admin."""

from __future__ import annotations

import sqlite3

import pytest

from ejsync.store import transaction
from tests.store.snapshot import snapshot
from tests.tiny_school import ADMIN, ENGLISH_TEACHER, MATH_TEACHER

IVANOVY, SMIRNOVY = 1, 5  # children in 5А (class teacher: the math teacher); in 5Б and 1А


def write_as(conn: sqlite3.Connection, staff_id: int, sql: str, params: tuple) -> None:
    """One write in the staff server's way: the writer is set in `write_context`."""
    with transaction(conn):
        conn.execute("INSERT INTO write_context (id, staff_id) VALUES (1, ?)", (staff_id,))
        conn.execute(sql, params)
        conn.execute("DELETE FROM write_context")


UPDATE_FAMILY = "UPDATE families SET address = ? WHERE id = ?"
ADD_GUARDIAN = "INSERT INTO guardians (family_id, last_name, first_name) VALUES (?, ?, ?)"
UPDATE_GUARDIAN = "UPDATE guardians SET phone = ? WHERE family_id = ?"


@pytest.fixture
def conn(tiny_school):
    connection = tiny_school.connect()
    yield connection
    connection.close()


def test_class_teacher_changes_the_family_of_a_child_in_their_class(conn):
    write_as(conn, MATH_TEACHER, UPDATE_FAMILY, ("ул. Новая, 1", IVANOVY))
    write_as(conn, MATH_TEACHER, ADD_GUARDIAN, (IVANOVY, "Иванов", "Сергей"))
    write_as(conn, MATH_TEACHER, UPDATE_GUARDIAN, ("+7 900 111-11-11", IVANOVY))
    row = conn.execute("SELECT address FROM families WHERE id = ?", (IVANOVY,)).fetchone()
    assert row[0] == "ул. Новая, 1"


@pytest.mark.parametrize("sql, params", [
    (UPDATE_FAMILY, ("ул. Чужая, 2", SMIRNOVY)),
    (ADD_GUARDIAN, (SMIRNOVY, "Смирнова", "Анна")),
    (UPDATE_GUARDIAN, ("+7 900 222-22-22", SMIRNOVY)),
])
def test_another_classes_family_is_refused_and_nothing_changes(conn, sql, params):
    before = snapshot(conn)
    for staff_id in (MATH_TEACHER, ENGLISH_TEACHER):
        with pytest.raises(sqlite3.IntegrityError, match="^R-CLASS-LIST: данные семьи"):
            write_as(conn, staff_id, sql, params)
    assert snapshot(conn) == before


def test_admin_changes_any_family(conn):
    write_as(conn, ADMIN, UPDATE_FAMILY, ("ул. Школьная, 7", SMIRNOVY))
    write_as(conn, ADMIN, ADD_GUARDIAN, (SMIRNOVY, "Смирнова", "Анна"))
    count = conn.execute("SELECT COUNT(*) FROM guardians WHERE family_id = ?", (SMIRNOVY,))
    assert count.fetchone()[0] == 2
