"""The timetable generator finds a clash-free week for every allowed school size."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ejsync.demo import timetable
from ejsync.demo.buildings import BUILDING_STUDENTS, build_timetable, plan_school
from ejsync.demo.generator import MAX_STUDENTS, MIN_STUDENTS
from ejsync.demo.names import NameMaker
from ejsync.demo.structure import (
    assign_teachers,
    hire_staff,
    load_subjects,
    plan_classes,
    teaching_units,
)


@pytest.mark.parametrize("students", [MIN_STUDENTS, 333, 800, 1000, BUILDING_STUDENTS])
@pytest.mark.parametrize("seed", [1, 2])
def test_every_size_gets_a_clash_free_week(students: int, seed: int) -> None:
    rng = random.Random(seed)
    classes = plan_classes(students)
    units = teaching_units(load_subjects(), classes)
    staff = hire_staff(units, students, NameMaker(rng))
    teaching = assign_teachers(units, staff, rng)
    slots = timetable.build(classes, teaching, rng)
    teacher_cells = Counter((t, s.weekday, s.slot) for s in slots for _, t in s.groups)
    assert max(teacher_cells.values()) == 1
    class_cells = Counter((s.class_id, s.weekday, s.slot) for s in slots)
    assert max(class_cells.values()) == 1
    hours = Counter(s.class_id for s in slots)
    for cls in classes:
        assert hours[cls.id] == sum(u.hours for u in units if u.cls is cls and u.group < 2)
        assert max(s.slot for s in slots if s.class_id == cls.id) <= 8
    assert sum(cls.size for cls in classes) == students
    assert max(member.load for member in staff) <= 27  # at most 1.5 ставки


def test_the_largest_complex_is_buildings_with_clash_free_weeks() -> None:
    rng = random.Random(3)
    school = plan_school(MAX_STUDENTS, rng, NameMaker(rng))
    slots = build_timetable(school, rng)
    assert sum(cls.size for cls in school.classes) == MAX_STUDENTS
    names = [cls.name for cls in school.classes]
    assert len(set(names)) == len(names) and "5А4" in names and "5А" in names
    assert [m.id for m in school.staff] == list(range(1, len(school.staff) + 1))
    assert len([m for m in school.staff if "director" in m.roles]) == 1
    teacher_cells = Counter((t, s.weekday, s.slot) for s in slots for _, t in s.groups)
    assert max(teacher_cells.values()) == 1
    class_cells = Counter((s.class_id, s.weekday, s.slot) for s in slots)
    assert max(class_cells.values()) == 1
    by_id = {m.id: m for m in school.staff}
    for cls in school.classes:  # a class's teachers work in its own building
        building = cls.letter.lstrip("АБВГДЕЖИКЛМН") or "1"
        for t in school.teaching:
            if t.class_id == cls.id and by_id[t.teacher_id].room.startswith("к"):
                assert by_id[t.teacher_id].room.startswith(f"к{building}-")
