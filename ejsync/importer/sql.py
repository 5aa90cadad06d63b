"""Every query of the importer: what it reads to validate a file and what it writes."""

from __future__ import annotations

import sqlite3

from ejsync.errors import UserError
from ejsync.store.clock import school_today

# ---------------------------------------------------------------- reads


def current_year(conn: sqlite3.Connection) -> sqlite3.Row:
    """The academic year going on today, else the latest one."""
    try:
        today = school_today(conn).isoformat()
        row = conn.execute(
            "SELECT id, name, starts_on, ends_on FROM academic_years"
            " ORDER BY (? BETWEEN starts_on AND ends_on) DESC, starts_on DESC LIMIT 1",
            (today,),
        ).fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is None:
        raise UserError(
            "В базе нет учебного года: сначала выполните «ejsync migrate» и загрузите календарь "
            "года (или создайте демонстрационную школу командой «ejsync demo»)."
        )
    return row


def classes_of_year(conn: sqlite3.Connection, year_id: int) -> list[sqlite3.Row]:
    """Classes of a year with their class teachers."""
    return conn.execute(
        "SELECT id, name, grade, letter, week_days, class_teacher_id FROM classes"
        " WHERE year_id = ? ORDER BY grade, letter",
        (year_id,),
    ).fetchall()


def subjects(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """All subjects."""
    return conn.execute("SELECT id, name, short_name FROM subjects ORDER BY name").fetchall()


def curriculum_pairs(conn: sqlite3.Connection, year_id: int) -> set[tuple[int, int]]:
    """(grade, subject id) of the year's curriculum."""
    rows = conn.execute("SELECT grade, subject_id FROM curriculum WHERE year_id = ?", (year_id,))
    return {(row[0], row[1]) for row in rows}


def staff_with_roles(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every staff member with a comma list of role codes."""
    return conn.execute(
        "SELECT s.id, s.last_name, s.first_name, s.middle_name, s.active,"
        " IFNULL(group_concat(r.role), '') AS roles"
        " FROM staff s LEFT JOIN staff_roles r ON r.staff_id = s.id"
        " GROUP BY s.id ORDER BY s.id"
    ).fetchall()


def subgroups_of_year(conn: sqlite3.Connection, year_id: int) -> list[sqlite3.Row]:
    """Subgroups of the year's classes."""
    return conn.execute(
        "SELECT g.id, g.class_id, g.subject_id, g.name FROM subgroups g"
        " JOIN classes c ON c.id = g.class_id WHERE c.year_id = ? ORDER BY g.name",
        (year_id,),
    ).fetchall()


def bell_slots(conn: sqlite3.Connection) -> list[int]:
    """Lesson numbers of the bell schedule."""
    return [row[0] for row in conn.execute("SELECT slot FROM bell_schedule ORDER BY slot")]


def timetable_of_year(conn: sqlite3.Connection, year_id: int) -> list[sqlite3.Row]:
    """Stored timetable rows of the year's classes."""
    return conn.execute(
        "SELECT t.id, t.class_id, t.subgroup_id, t.subject_id, t.teacher_id, t.weekday, t.slot,"
        " t.room, t.valid_from, t.valid_to FROM timetable t"
        " JOIN classes c ON c.id = t.class_id WHERE c.year_id = ?",
        (year_id,),
    ).fetchall()


def students_with_classes(conn: sqlite3.Connection, on: str) -> list[sqlite3.Row]:
    """Every stored student's name, birth date and the class they are in on date `on`."""
    return conn.execute(
        "SELECT s.id, s.last_name, s.first_name, s.middle_name, s.birth_date,"
        " (SELECT c.name FROM enrollments e JOIN classes c ON c.id = e.class_id"
        "  WHERE e.student_id = s.id AND e.from_date <= :on"
        "    AND (e.to_date IS NULL OR e.to_date >= :on)"
        "  ORDER BY e.from_date DESC LIMIT 1) AS class_name"
        " FROM students s",
        {"on": on},
    ).fetchall()


def families(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every family's id, login, title and access choice."""
    return conn.execute("SELECT id, login, title, electronic_access FROM families").fetchall()


def guardians(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every guardian's family, name and phone."""
    return conn.execute(
        "SELECT family_id, last_name, first_name, middle_name, phone FROM guardians"
    ).fetchall()


# ---------------------------------------------------------------- writes


def insert_family(conn: sqlite3.Connection, title: str, login: str, electronic_access: bool) -> int:
    """A new family; returns its id."""
    return conn.execute(
        "INSERT INTO families (title, login, electronic_access) VALUES (?, ?, ?)",
        (title, login, int(electronic_access)),
    ).lastrowid


def insert_guardian(
    conn: sqlite3.Connection, family_id: int, last: str, first: str, middle: str,
    relation: str, phone: str, email: str,
) -> None:
    """A guardian of a family."""
    conn.execute(
        "INSERT INTO guardians (family_id, last_name, first_name, middle_name, relation, phone,"
        " email) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (family_id, last, first, middle, relation, phone, email),
    )


def insert_student(
    conn: sqlite3.Connection, last: str, first: str, middle: str, birth_date: str,
    gender: str, family_id: int,
) -> int:
    """A new student; returns the id."""
    return conn.execute(
        "INSERT INTO students (last_name, first_name, middle_name, birth_date, gender, family_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (last, first, middle, birth_date, gender, family_id),
    ).lastrowid


def insert_enrollment(
    conn: sqlite3.Connection, student_id: int, class_id: int, from_date: str
) -> None:
    """A student joins a class from a date."""
    conn.execute(
        "INSERT INTO enrollments (student_id, class_id, from_date) VALUES (?, ?, ?)",
        (student_id, class_id, from_date),
    )


def insert_staff(
    conn: sqlite3.Connection, last: str, first: str, middle: str, position: str,
    email: str, phone: str,
) -> int:
    """A new staff member; returns the id."""
    return conn.execute(
        "INSERT INTO staff (last_name, first_name, middle_name, position, email, phone)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (last, first, middle, position, email, phone),
    ).lastrowid


def insert_staff_role(conn: sqlite3.Connection, staff_id: int, role: str) -> None:
    """Give a staff member a role."""
    conn.execute("INSERT INTO staff_roles (staff_id, role) VALUES (?, ?)", (staff_id, role))


def set_class_teacher(conn: sqlite3.Connection, class_id: int, staff_id: int) -> None:
    """Make a staff member the class teacher of a class."""
    conn.execute("UPDATE classes SET class_teacher_id = ? WHERE id = ?", (staff_id, class_id))


def insert_timetable_row(
    conn: sqlite3.Connection, class_id: int, subgroup_id: int | None, subject_id: int,
    teacher_id: int, weekday: int, slot: int, room: str, valid_from: str,
) -> None:
    """One lesson of the weekly timetable."""
    conn.execute(
        "INSERT INTO timetable (class_id, subgroup_id, subject_id, teacher_id, weekday, slot,"
        " room, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (class_id, subgroup_id, subject_id, teacher_id, weekday, slot, room, valid_from),
    )


def ensure_teaching_assignment(
    conn: sqlite3.Connection, class_id: int, subject_id: int, subgroup_id: int | None,
    teacher_id: int,
) -> bool:
    """Record that a teacher teaches a subject in a class (subgroup); True if it was new."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO teaching_assignments (class_id, subject_id, subgroup_id,"
        " teacher_id) VALUES (?, ?, ?, ?)",
        (class_id, subject_id, subgroup_id, teacher_id),
    )
    return cursor.rowcount == 1
