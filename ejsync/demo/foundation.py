"""Writes the school before its journal: school row, staff, subjects, classes, people, groups,
teaching assignments, timetable and thematic plans."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from ejsync.demo.names import family_surname
from ejsync.demo.people import Family, Student
from ejsync.demo.plan import PlannedLesson, make_plan
from ejsync.demo.structure import PRIMARY, School
from ejsync.demo.timetable import Slot
from ejsync.demo.writer import insert

YEAR_ID = 1
YEAR_START = "2026-09-01"
SCHOOL = {
    "name": "Муниципальное бюджетное общеобразовательное учреждение "
            "«Средняя общеобразовательная школа № 12» г. Верхнеречинска",
    "short_name": "МБОУ «СОШ № 12»",
    "address": "624810, Свердловская область, г. Верхнеречинск, ул. Октябрьская, д. 21",
    "phone": "+7 (34368) 2-41-12",
    "email": "school12@verhnerechinsk-edu.ru",
    "website": "https://school12.verhnerechinsk-edu.ru",
    "diary_url": "https://school12.verhnerechinsk-edu.ru/diary/",
}


def write_school(conn: sqlite3.Connection) -> None:
    """The one `school` row, and the mark that this database is the demo school."""
    insert(conn, "school", ("id", *SCHOOL), [(1, *SCHOOL.values())])
    conn.execute("INSERT INTO settings (key, value) VALUES ('demo', '1')")


def write_staff(conn: sqlite3.Connection, school: School) -> None:
    """Staff and their roles; e-mails are work addresses."""
    rows, roles = [], []
    for member in school.staff:
        p = member.person
        login = f"{member.id:03d}"
        rows.append((member.id, p.last_name, p.first_name, p.middle_name, member.position,
                     f"staff{login}@verhnerechinsk-edu.ru", member.phone, 1))
        roles += [(member.id, role) for role in member.roles]
    insert(conn, "staff", ("id", "last_name", "first_name", "middle_name", "position", "email",
                           "phone", "active"), rows)
    insert(conn, "staff_roles", ("staff_id", "role"), roles)


def write_curriculum(conn: sqlite3.Connection, school: School) -> None:
    """Subjects and the hours per week of each grade."""
    insert(conn, "subjects", ("id", "name", "short_name", "foreign_language"),
           [(s.id, s.name, s.short, int(s.foreign)) for s in school.subjects])
    insert(conn, "curriculum", ("year_id", "grade", "subject_id", "hours_per_week",
                                "split_into_groups"),
           [(YEAR_ID, grade, s.id, hours, int(s.split(grade)))
            for s in school.subjects for grade, hours in sorted(s.hours.items())])


def write_classes(conn: sqlite3.Connection, school: School) -> None:
    """Classes with their class teacher, room and five- or six-day week."""
    insert(conn, "classes", ("id", "year_id", "grade", "letter", "name", "class_teacher_id",
                             "room", "week_days"),
           [(c.id, YEAR_ID, c.grade, c.letter, c.name, c.class_teacher_id, c.room, c.week_days)
            for c in school.classes])


def write_people(conn: sqlite3.Connection, families: list[Family],
                 students: list[Student]) -> None:
    """Families, guardians, students and their enrolment from 1 September."""
    insert(conn, "families", ("id", "title", "login", "electronic_access", "declined_on",
                              "address"),
           [(f.id, f"Семья {family_title(f)}", f.login, int(f.electronic_access),
             f.declined_on.isoformat() if f.declined_on else None, f.address) for f in families])
    insert(conn, "guardians", ("family_id", "last_name", "first_name", "middle_name", "relation",
                               "phone", "email"),
           [(f.id, g.person.last_name, g.person.first_name, g.person.middle_name, g.relation,
             g.phone, g.email) for f in families for g in f.guardians])
    insert(conn, "students", ("id", "last_name", "first_name", "middle_name", "birth_date",
                              "gender", "family_id"),
           [(s.id, s.person.last_name, s.person.first_name, s.person.middle_name,
             s.birth_date.isoformat(), s.person.gender, s.family_id) for s in students])
    insert(conn, "enrollments", ("student_id", "class_id", "from_date", "to_date"),
           [(s.id, s.class_id, s.enrolled_from.isoformat(),
             s.enrolled_to.isoformat() if s.enrolled_to else None) for s in students])


def family_title(family: Family) -> str:
    """'Ивановых' for 'Семья Ивановых'."""
    return family_surname(family.surname)


def make_subgroups(school: School) -> dict[tuple[int, int, int], int]:
    """Split classes into two subgroups per split subject, alphabetically by halves."""
    ids: dict[tuple[int, int, int], int] = {}
    for cls in school.classes:
        for subject in school.subjects:
            if subject.hours.get(cls.grade) and subject.split(cls.grade):
                half = (len(cls.students) + 1) // 2
                halves = [cls.students[:half], cls.students[half:]]
                cls.groups[subject.id] = []
                for index, members in enumerate(halves, start=1):
                    ids[(cls.id, subject.id, index)] = len(ids) + 1
                    cls.groups[subject.id].append((len(ids), members))
    return ids


def write_groups(conn: sqlite3.Connection, school: School, students: list[Student],
                 subgroup_ids: dict[tuple[int, int, int], int]) -> None:
    """Subgroups with their teacher, their members, and every teaching assignment."""
    teacher = {(t.class_id, t.subject_id, t.group_index): t.teacher_id for t in school.teaching}
    pupil = {s.id: s for s in students}
    insert(conn, "subgroups", ("id", "class_id", "subject_id", "name", "teacher_id"),
           [(sid, class_id, subject_id, f"{index} группа", teacher[(class_id, subject_id, index)])
            for (class_id, subject_id, index), sid in subgroup_ids.items()])
    insert(conn, "subgroup_members", ("subgroup_id", "student_id", "from_date", "to_date"),
           [(sid, student_id, pupil[student_id].enrolled_from.isoformat(),
             pupil[student_id].enrolled_to.isoformat() if pupil[student_id].enrolled_to else None)
            for cls in school.classes for groups in cls.groups.values()
            for sid, members in groups for student_id in members])
    insert(conn, "teaching_assignments", ("class_id", "subject_id", "subgroup_id", "teacher_id"),
           [(t.class_id, t.subject_id, subgroup_ids.get((t.class_id, t.subject_id, t.group_index)),
             t.teacher_id) for t in school.teaching])


def write_timetable(conn: sqlite3.Connection, school: School, timetable: list[Slot],
                    subgroup_ids: dict[tuple[int, int, int], int]) -> None:
    """The weekly timetable, valid from 1 September; rooms follow the teacher."""
    classes = {c.id: c for c in school.classes}
    rows = []
    for slot in timetable:
        for index, teacher_id in slot.groups:
            member = school.staff[teacher_id - 1]
            room = classes[slot.class_id].room if member.speciality == PRIMARY else member.room
            rows.append((slot.class_id, subgroup_ids.get((slot.class_id, slot.subject_id, index)),
                         slot.subject_id, teacher_id, slot.weekday, slot.slot, room, YEAR_START))
    insert(conn, "timetable", ("class_id", "subgroup_id", "subject_id", "teacher_id", "weekday",
                               "slot", "room", "valid_from"), rows)


def write_plans(conn: sqlite3.Connection, school: School,
                subgroup_ids: dict[tuple[int, int, int], int],
                rng: random.Random) -> dict[tuple[int, int, int], list[PlannedLesson]]:
    """A КТП for every class (or subgroup) and subject; keyed (class, subgroup or 0, subject)."""
    plans: dict[tuple[int, int, int], list[PlannedLesson]] = {}
    next_id = 1
    for t in school.teaching:
        cls = school.classes[t.class_id - 1]
        subgroup = subgroup_ids.get((t.class_id, t.subject_id, t.group_index))
        plan = make_plan(school.subject(t.subject_id), cls.grade, next_id, rng)
        next_id += len(plan)
        plans[(t.class_id, subgroup or 0, t.subject_id)] = plan
    insert(conn, "thematic_plan", ("id", "class_id", "subgroup_id", "subject_id", "lesson_no",
                                   "topic", "hours", "control_type"),
           [(p.id, class_id, subgroup or None, subject_id, p.number, p.topic, 1, p.control_type)
            for (class_id, subgroup, subject_id), plan in plans.items() for p in plan])
    return plans


def school_weeks(first: date, last: date) -> list[date]:
    """Mondays of every week from `first` to `last`."""
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks
