"""Students, their families and guardians: siblings share a family, ~5 % decline access."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ejsync.demo.names import NameMaker, Person, transliterate
from ejsync.demo.structure import SchoolClass
from ejsync.store.families import new_family_login

SECOND_CHILD = 0.16
THIRD_CHILD = 0.18  # of the families that already have two
OFFLINE_SHARE = 0.05
NO_FATHER = 0.2
MOVES_SHARE = 0.012  # of pupils arriving during the year, and again of pupils leaving
YEAR_START = date(2026, 9, 1)
FIRST_MOVE = date(2026, 9, 14)
LAST_MOVE = date(2027, 4, 30)


@dataclass
class Student:
    """A pupil: name, class, family and a steady ability that drives their marks."""

    id: int
    person: Person
    birth_date: date
    class_id: int
    family_id: int
    ability: float
    enrolled_from: date = YEAR_START
    enrolled_to: date | None = None

    def enrolled_on(self, day: date) -> bool:
        """Whether the pupil is on the class list on `day`."""
        return self.enrolled_from <= day and (self.enrolled_to is None or day <= self.enrolled_to)


@dataclass
class Guardian:
    """A parent or other legal representative."""

    person: Person
    relation: str
    phone: str
    email: str


@dataclass
class Family:
    """A family with one or more children at the school."""

    id: int
    surname: str
    login: str
    electronic_access: bool
    declined_on: date | None
    address: str
    guardians: list[Guardian] = field(default_factory=list)


STREETS = ["ул. Ленина", "ул. Мира", "ул. Советская", "ул. Школьная", "ул. Садовая",
           "ул. Гагарина", "пр. Победы", "ул. Молодёжная", "ул. Лесная", "ул. Заречная",
           "ул. Пушкина", "ул. Строителей"]


def birth_date(grade: int, rng: random.Random) -> date:
    """A birth date typical of `grade` in 2026/27 (grade 1: born Sept 2019 – Aug 2020)."""
    start = date(2019 - (grade - 1), 9, 1)
    return start + timedelta(days=rng.randrange(366))


def make_families(classes: list[SchoolClass], names: NameMaker,
                  rng: random.Random) -> tuple[list[Family], list[Student]]:
    """Fill every seat of every class with a child of some family; ids by class and name."""
    seats = [(cls, n) for cls in classes for n in range(cls.size)]
    rng.shuffle(seats)
    open_seats = set(range(len(seats)))
    families: list[Family] = []
    children: list[tuple[Family, tuple[str, str, str], SchoolClass, str]] = []
    for index, (cls, _n) in enumerate(seats):
        if index not in open_seats:
            continue
        open_seats.discard(index)
        family, father = _new_family(len(families) + 1, names, rng)
        families.append(family)
        grades = {cls.grade}
        kids = [cls]
        if rng.random() < SECOND_CHILD:
            more = 2 if rng.random() < THIRD_CHILD else 1
            kids += _siblings(seats, open_seats, grades, rng, more)
        for kid_class in kids:
            children.append((family, father, kid_class, "ж" if rng.random() < 0.49 else "м"))
    students_by_class: dict[int, list[tuple[Person, Family, str]]] = {c.id: [] for c in classes}
    for family, father, cls, gender in children:
        person = names.child(family.surname, father, gender)
        students_by_class[cls.id].append((person, family, gender))
    students: list[Student] = []
    for cls in classes:
        for person, family, _gender in sorted(
            students_by_class[cls.id], key=lambda x: (x[0].last_name, x[0].first_name)
        ):
            ability = min(4.9, max(2.7, rng.gauss(3.95, 0.5)))
            student = Student(len(students) + 1, person, birth_date(cls.grade, rng), cls.id,
                              family.id, ability)
            students.append(student)
            cls.students.append(student.id)
    return families, students


def move_pupils(students: list[Student], until: date, rng: random.Random) -> None:
    """A few pupils arrive after 1 September and a few leave before `until` (R-CLASS-LIST)."""
    last = min(LAST_MOVE, until - timedelta(days=7))
    span = (last - FIRST_MOVE).days
    if span < 7:
        return
    count = max(1, round(len(students) * MOVES_SHARE))
    movers = rng.sample(students, 2 * count)
    for number, student in enumerate(movers):
        day = FIRST_MOVE + timedelta(days=rng.randrange(span - 6))
        day += timedelta(days=(8 - day.isoweekday()) % 7)  # a Monday
        if number < count:
            student.enrolled_from = day
        else:
            student.enrolled_to = day - timedelta(days=3)  # the Friday before


def _siblings(seats: list, open_seats: set[int], grades: set[int], rng: random.Random,
              count: int) -> list[SchoolClass]:
    found = []
    for _ in range(count):
        options = [i for i in rng.sample(sorted(open_seats), min(40, len(open_seats)))
                   if seats[i][0].grade not in grades]
        if not options:
            break
        seat = options[0]
        open_seats.discard(seat)
        grades.add(seats[seat][0].grade)
        found.append(seats[seat][0])
    return found


def _new_family(family_id: int, names: NameMaker,
                rng: random.Random) -> tuple[Family, tuple[str, str, str]]:
    surname = names.surname()
    father = names.father()
    offline = rng.random() < OFFLINE_SHARE
    # A login stream of its own keeps the rest of the demo as it was for the same seed.
    login_rng = random.Random(f"login-{rng.getstate()[1][0]}-{family_id}")
    family = Family(
        id=family_id, surname=surname, login=new_family_login(login_rng),
        electronic_access=not offline,
        declined_on=date(2026, 9, 1) + timedelta(days=rng.randrange(12)) if offline else None,
        address=f"{rng.choice(STREETS)}, д. {rng.randint(1, 120)}, кв. {rng.randint(1, 180)}",
    )
    mother_surname = surname if rng.random() < 0.9 else names.surname()
    mother = names.adult("ж", mother_surname)
    family.guardians.append(Guardian(mother, "мать", names.phone(), _email(mother, rng)))
    if rng.random() >= NO_FATHER:
        father_person = Person(surname, father[0], names.patronymic("м"), "м")
        family.guardians.append(Guardian(father_person, "отец", names.phone(), ""))
    elif rng.random() < 0.3:
        granny = names.adult("ж", surname)
        family.guardians.append(Guardian(granny, "бабушка (опекун)", names.phone(), ""))
    return family, father


def _email(person: Person, rng: random.Random) -> str:
    if rng.random() < 0.4:
        return ""
    domain = rng.choice(["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru"])
    name = transliterate(person.last_name)
    return f"{name}.{transliterate(person.first_name)[0]}{rng.randint(1, 99)}@{domain}"
