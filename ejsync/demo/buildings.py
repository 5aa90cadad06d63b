"""A large school complex as buildings (корпуса) of at most 2,500 students each.

Each building has its own classes, subject teachers and a clash-free timetable, made by the
same code as a single school; the complex shares one administration and support staff.
Classes of the second and later buildings carry the building's number: '5А2', '7Б3'.
"""

from __future__ import annotations

import dataclasses
import math
import random

from ejsync.demo import structure, timetable
from ejsync.demo.names import NameMaker
from ejsync.demo.structure import School, SchoolClass, StaffMember, Teaching
from ejsync.demo.timetable import Slot

BUILDING_STUDENTS = 2500


def building_sizes(students: int) -> list[int]:
    """Students of each building, as even as possible."""
    count = math.ceil(students / BUILDING_STUDENTS)
    return [students // count + (1 if i < students % count else 0) for i in range(count)]


def plan_school(students: int, rng: random.Random, names: NameMaker) -> School:
    """The school's classes, staff and who teaches what, building by building."""
    subjects = structure.load_subjects()
    classes: list[SchoolClass] = []
    staff: list[StaffMember] = []
    teaching: list[Teaching] = []
    for number, size in enumerate(building_sizes(students), start=1):
        b_classes = structure.plan_classes(size)
        units = structure.teaching_units(subjects, b_classes)
        b_staff = structure.hire_staff(units, size, names)
        b_teaching = structure.assign_teachers(units, b_staff, rng)
        structure.choose_class_teachers(b_classes, b_teaching, b_staff, rng)
        structure.assign_rooms(b_classes, b_staff)
        if number == 1:
            classes, staff, teaching = b_classes, b_staff, b_teaching
            continue
        class_ids = _renumber_classes(b_classes, number, len(classes))
        staff_ids = _renumber_teachers(b_staff, number, len(staff))
        for cls in b_classes:
            cls.class_teacher_id = staff_ids[cls.class_teacher_id]
        classes += b_classes
        staff += [m for m in b_staff if m.id]
        teaching += [dataclasses.replace(t, class_id=class_ids[t.class_id],
                                         teacher_id=staff_ids[t.teacher_id])
                     for t in b_teaching]
    return School(subjects, classes, staff, teaching)


def build_timetable(school: School, rng: random.Random) -> list[Slot]:
    """A clash-free week, building by building (a building's teachers teach only there)."""
    slots: list[Slot] = []
    for building in _buildings(school.classes):
        ids = {cls.id for cls in building}
        slots += timetable.build(building, [t for t in school.teaching if t.class_id in ids], rng)
    return sorted(slots, key=lambda s: (s.class_id, s.weekday, s.slot))


def _buildings(classes: list[SchoolClass]) -> list[list[SchoolClass]]:
    by_number: dict[str, list[SchoolClass]] = {}
    for cls in classes:
        by_number.setdefault(cls.letter.lstrip(structure.LETTERS), []).append(cls)
    return list(by_number.values())


def _renumber_classes(classes: list[SchoolClass], building: int, before: int) -> dict[int, int]:
    """Give a later building's classes ids after `before` and the building's suffix."""
    new_ids = {}
    for offset, cls in enumerate(classes, start=1):
        new_ids[cls.id] = before + offset
        cls.id = before + offset
        cls.letter = f"{cls.letter}{building}"
        cls.room = f"к{building}-{cls.room}"
    return new_ids


def _renumber_teachers(staff: list[StaffMember], building: int, before: int) -> dict[int, int]:
    """Keep only a later building's teachers (the complex has one administration)."""
    new_ids = {}
    for member in staff:
        if not member.speciality:
            member.id = 0  # dropped: the complex's administration is building 1's
            continue
        new_ids[member.id] = before + len(new_ids) + 1
        member.id = new_ids[member.id]
        if member.room:
            member.room = f"к{building}-{member.room}"
    return new_ids
