"""Events, the consultation schedule (H-SCHEDULE) and support requests (H-REQUESTS)."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from ejsync.demo.clock import Calendar
from ejsync.demo.data import lines
from ejsync.demo.people import Family, Student
from ejsync.demo.structure import School
from ejsync.demo.writer import insert

PARENT_MEETING = "Родительское собрание {name} класса"
CLASS_EVENTS = ["Экскурсия в краеведческий музей", "Классный час «Разговоры о важном»",
                "Поход в театр юного зрителя", "Субботник на пришкольной территории"]


def write_events(conn: sqlite3.Connection, school: School, calendar: Calendar,
                 rng: random.Random) -> None:
    """School events of the year and, per class, a parent meeting each term plus outings."""
    rows = []
    for line in lines("events.txt"):
        day, time, title, place, description, grades = line.split("|")
        low, _, high = grades.partition("-")
        rows.append((day, time, title, description, place, None, 1,
                     int(low) if low else None, int(high or low) if low else None))
    for cls in school.classes:
        teacher = school.staff[cls.class_teacher_id - 1].person.short_name
        for term in calendar.terms(cls.grade):
            day = term.ends_on - timedelta(days=12 + rng.randint(0, 4))
            day -= timedelta(days=max(0, day.isoweekday() - 5))
            rows.append((day.isoformat(), "18:00", PARENT_MEETING.format(name=cls.name),
                         f"Прогноз отметок: {term.title}. Ведёт {teacher}.",
                         f"Кабинет {cls.room}", cls.id, 0, None, None))
        for _ in range(2):
            day = calendar.year.starts_on + timedelta(days=rng.randint(14, 250))
            day += timedelta(days=(7 - day.isoweekday()) % 7 - 1)  # a Saturday
            rows.append((day.isoformat(), "10:00", rng.choice(CLASS_EVENTS), "", "", cls.id, 1,
                         None, None))
    insert(conn, "events", ("date", "starts_at", "title", "description", "place", "class_id",
                            "public", "grade_from", "grade_to"), rows)


def write_consultations(conn: sqlite3.Connection, school: School) -> None:
    """Who answers which questions about the journal, where and when."""
    admin = school.by_role("admin")[0]
    deputies = school.by_role("deputy")
    rows = [
        (admin.id, "Кабинет 214", 2, "15:00", "17:00",
         "Вход в журнал и дневник, коды доступа семей, восстановление доступа"),
        (admin.id, "Кабинет 214", 4, "15:00", "17:00",
         "Работа с журналом: уроки, замены, загрузка расписания"),
        (deputies[0].id, "Кабинет 105 (учебная часть)", 3, "14:00", "16:00",
         "Ведение журнала, отметки и их исправление, итоговые отметки"),
        (deputies[-1].id, "Кабинет 107", 5, "14:00", "15:30",
         "Посещаемость, информирование родителей, события школы"),
    ]
    insert(conn, "consultations", ("staff_id", "room", "weekday", "starts_at", "ends_at", "topics"),
           rows)


def write_support_requests(conn: sqlite3.Connection, school: School, families: list[Family],
                           students: list[Student], calendar: Calendar, until: date,
                           rng: random.Random) -> None:
    """The register of questions about the journal, about one a fortnight up to `until`."""
    admin = school.by_role("admin")[0]
    teachers = school.by_role("teacher")
    span = (until - calendar.year.starts_on).days
    if span < 3:
        return
    questions = [line.split("|") for line in lines("support.txt")]
    count = min(len(questions), max(3, span // 14))
    chosen = questions[-count:] if count < len(questions) else questions
    rows = []
    for number, (role, question, answer) in enumerate(chosen):
        asked = calendar.year.starts_on + timedelta(days=2 + number * (span - 3) // count)
        if role in ("родитель", "ученик"):
            family = rng.choice(families)
            who = family.guardians[0].person.full_name if role == "родитель" else next(
                s.person.full_name for s in students if s.family_id == family.id)
            login = family.login
        else:
            member = rng.choice(teachers)
            who, login = member.person.full_name, f"staff{member.id:03d}"
        answered = asked + timedelta(days=rng.randint(0, 2)) if answer else None
        if answered and answered > until:
            answer, answered = "", None
        rows.append((asked.isoformat(), who, role, login, question, answer,
                     admin.id if answer else None,
                     answered.isoformat() if answered else None, admin.id))
    insert(conn, "support_requests", ("asked_on", "asked_by", "role", "login", "question",
                                      "answer", "answered_by", "answered_on", "recorded_by"), rows)
