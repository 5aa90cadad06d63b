"""The school's shape in memory: subjects, curriculum, classes, staff and who teaches what."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from ejsync.demo.data import curriculum
from ejsync.demo.names import NameMaker, Person

LETTERS = "АБВГДЕЖИКЛМН"
CLASS_SIZE = 26
SENIOR_SHARE = 0.6  # grades 10–11 are smaller: many leave after grade 9
MAX_LOAD = 24  # teaching hours a week per teacher (a 1.33 ставка at most)
PRIMARY = "primary"
SUPPORT_STAFF = ("педагог-психолог", "социальный педагог", "учитель-логопед",
                 "педагог-организатор", "педагог-библиотекарь",
                 "заместитель директора по административно-хозяйственной работе")


@dataclass
class Subject:
    """A subject of the curriculum."""

    id: int
    key: str
    name: str
    short: str
    speciality: str
    graded: bool
    foreign: bool
    split_from: int | None
    hours: dict[int, int]

    def split(self, grade: int) -> bool:
        """Whether a class of `grade` is split into two subgroups for this subject."""
        return self.split_from is not None and grade >= self.split_from


@dataclass
class SchoolClass:
    """A class ('5А') with its students and subgroups."""

    id: int
    grade: int
    letter: str
    week_days: int
    size: int
    room: str = ""
    class_teacher_id: int | None = None
    students: list[int] = field(default_factory=list)
    # subject id -> [(subgroup id, [student ids])]
    groups: dict[int, list[tuple[int, list[int]]]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """'5А'."""
        return f"{self.grade}{self.letter}"


@dataclass
class StaffMember:
    """A member of staff and their roles."""

    id: int
    person: Person
    position: str
    roles: list[str]
    speciality: str = ""
    room: str = ""
    load: int = 0
    phone: str = ""


@dataclass(frozen=True)
class Teaching:
    """Who teaches a subject to a class or one of its subgroups (index 0 = whole class)."""

    class_id: int
    subject_id: int
    group_index: int
    teacher_id: int
    hours: int


@dataclass
class School:
    """Everything generated about the school before the journal itself."""

    subjects: list[Subject]
    classes: list[SchoolClass]
    staff: list[StaffMember]
    teaching: list[Teaching]

    def subject(self, subject_id: int) -> Subject:
        """The subject with this id."""
        return self.subjects[subject_id - 1]

    def by_role(self, role: str) -> list[StaffMember]:
        """Staff having `role`."""
        return [s for s in self.staff if role in s.roles]


def load_subjects() -> list[Subject]:
    """The subjects of `curriculum.toml`, numbered from 1 in file order."""
    subjects = []
    for number, (key, spec) in enumerate(curriculum()["subjects"].items(), start=1):
        subjects.append(Subject(
            id=number, key=key, name=spec["name"], short=spec["short"],
            speciality=spec["speciality"], graded=spec.get("graded", True),
            foreign=spec.get("foreign_language", False), split_from=spec.get("split_from"),
            hours={int(g): h for g, h in spec["hours"].items()},
        ))
    return subjects


def plan_classes(students: int) -> list[SchoolClass]:
    """Classes per grade for about `students` pupils (grades 10–11 smaller)."""
    week_days = {int(g): d for g, d in curriculum()["week_days"].items()}
    weights = {g: (SENIOR_SHARE if g >= 10 else 1.0) for g in range(1, 12)}
    total = sum(weights.values())
    classes: list[SchoolClass] = []
    allotted = 0
    for grade in range(1, 12):
        in_grade = round(students * weights[grade] / total) if grade < 11 else students - allotted
        allotted += in_grade
        count = max(1, round(in_grade / CLASS_SIZE))
        sizes = [in_grade // count + (1 if i < in_grade % count else 0) for i in range(count)]
        for index, size in enumerate(sizes):
            classes.append(SchoolClass(
                id=len(classes) + 1, grade=grade, letter=LETTERS[index],
                week_days=week_days[grade], size=size,
                room=f"{(1 if grade <= 4 else 2 if grade <= 8 else 3)}{len(classes) + 1:02d}",
            ))
    return classes


class Unit(NamedTuple):
    """A subject taught to a class (group 0) or to one of its two subgroups (1, 2)."""

    cls: SchoolClass
    subject: Subject
    group: int
    speciality: str
    hours: int


def teaching_units(subjects: list[Subject], classes: list[SchoolClass]) -> list[Unit]:
    """Every subject of every class (or subgroup), with the speciality that teaches it."""
    primary = set(curriculum()["primary"]["subjects"])
    units = []
    for cls in classes:
        for subject in subjects:
            hours = subject.hours.get(cls.grade)
            if not hours:
                continue
            by_class_teacher = cls.grade <= 4 and subject.key in primary
            speciality = PRIMARY if by_class_teacher else subject.speciality
            groups = (1, 2) if subject.split(cls.grade) else (0,)
            for group in groups:
                units.append(Unit(cls, subject, group, speciality, hours))
    return units


def _hire(staff: list[StaffMember], names: NameMaker, position: str, roles: list[str],
          speciality: str = "", female_share: float = 0.8) -> StaffMember:
    gender = "ж" if names.rng.random() < female_share else "м"
    member = StaffMember(len(staff) + 1, names.adult(gender), position, roles, speciality,
                         phone=names.phone())
    staff.append(member)
    return member


def hire_staff(units: list[Unit], students: int, names: NameMaker) -> list[StaffMember]:
    """Administration plus enough teachers of each speciality for the teaching load."""
    specs = curriculum()["specialities"]
    staff: list[StaffMember] = []
    _hire(staff, names, "директор", ["director"], female_share=0.6)
    deputies = 3 if students >= 500 else 2
    titles = ["заместитель директора по учебно-воспитательной работе",
              "заместитель директора по учебно-воспитательной работе (начальная школа)",
              "заместитель директора по воспитательной работе"]
    for title in titles[:deputies]:
        _hire(staff, names, title, ["deputy"])
    _hire(staff, names, "инженер-программист, администратор электронного журнала", ["admin"], 0.4)
    _hire(staff, names, "секретарь учебной части", ["secretary"], 1.0)
    hours: dict[str, int] = defaultdict(int)
    primary_classes = set()
    for cls, _subject, _group, speciality, h in units:
        hours[speciality] += h
        if speciality == PRIMARY:
            primary_classes.add(cls.id)
    split_specs = {u.speciality for u in units if u.group}
    for speciality, spec in specs.items():
        if speciality == PRIMARY:
            count = len(primary_classes)
        else:
            count = max(1, math.ceil(hours[speciality] / MAX_LOAD))
            if speciality in split_specs:
                count += count % 2  # split subjects are taught by pairs of teachers
        female = 0.4 if speciality in {"pe", "safety", "labour", "physics", "informatics"} else 0.85
        for _ in range(count):
            _hire(staff, names, spec["position"], ["teacher"], speciality, female)
    for title in SUPPORT_STAFF:
        _hire(staff, names, title, [], female_share=0.9)
    return staff


def assign_teachers(units: list[Unit], staff: list[StaffMember],
                    rng: random.Random) -> list[Teaching]:
    """Give each class/subject/group a teacher, balancing load and keeping bundles together.

    A primary class has one teacher for the primary subjects; in other grades one teacher
    takes all subjects of a speciality in a class (русский + литература, алгебра + геометрия).
    """
    by_spec: dict[str, list[StaffMember]] = defaultdict(list)
    for member in staff:
        if member.speciality:
            by_spec[member.speciality].append(member)
    bundles: dict[tuple, list[Unit]] = defaultdict(list)
    for unit in units:
        cls, _subject, group, speciality, _hours = unit
        bundles[(cls.id, speciality, group)].append(unit)
    order = sorted(bundles, key=lambda k: (-sum(u.hours for u in bundles[k]), k))
    chosen: dict[tuple, StaffMember] = {}
    primary_free = list(by_spec.get(PRIMARY, []))
    for key in order:
        class_id, speciality, group = key
        size = sum(u.hours for u in bundles[key])
        team = by_spec[speciality]
        if speciality == PRIMARY:
            teacher = primary_free.pop(0)
        elif group == 2:
            # the partner of group 1's teacher: a pair shares its week, which keeps the
            # two subgroups' parallel lessons easy to place
            first = team.index(chosen[(class_id, speciality, 1)])
            teacher = team[first ^ 1]
        elif group == 1:
            pairs = [(team[i], team[i + 1]) for i in range(0, len(team) - 1, 2)]
            teacher = min(pairs, key=lambda p: (p[0].load + p[1].load, rng.random()))[0]
        else:
            teacher = min(team, key=lambda t: (t.load, rng.random()))
        teacher.load += size
        chosen[key] = teacher
    return [
        Teaching(cls.id, subject.id, group, chosen[(cls.id, speciality, group)].id, h)
        for cls, subject, group, speciality, h in units
    ]


def choose_class_teachers(classes: list[SchoolClass], teaching: list[Teaching],
                          staff: list[StaffMember], rng: random.Random) -> None:
    """One class teacher per class: the primary teacher, else the one teaching it most."""
    by_id = {m.id: m for m in staff}
    taken: set[int] = set()
    for cls in sorted(classes, key=lambda c: c.grade):
        hours: dict[int, int] = defaultdict(int)
        for t in teaching:
            if t.class_id == cls.id:
                hours[t.teacher_id] += t.hours
        free = [tid for tid in hours if tid not in taken and by_id[tid].speciality != "pe"]
        if not free:
            free = [m.id for m in staff if "teacher" in m.roles and m.id not in taken]
        best = max(free, key=lambda tid: (hours.get(tid, 0), rng.random()))
        taken.add(best)
        cls.class_teacher_id = best
        by_id[best].roles.append("class_teacher")


def assign_rooms(classes: list[SchoolClass], staff: list[StaffMember]) -> None:
    """Subject teachers get their own cabinet; primary teachers work in their class's room."""
    gyms = iter(["Большой спортзал", "Малый спортзал", "Спортплощадка", "Спортзал № 3"])
    for member in staff:
        if member.speciality == "pe":
            member.room = next(gyms, f"Спортзал {member.id}")
        elif member.speciality and member.speciality != PRIMARY:
            member.room = f"{2 if member.id % 2 else 3}{member.id:02d}"
    for cls in classes:
        if cls.grade <= 4 and cls.class_teacher_id is not None:
            staff[cls.class_teacher_id - 1].room = cls.room
