"""A conflict-free weekly timetable: no class and no teacher in two places in one slot.

Each class gets its weekly hours spread evenly over its school days, lessons from slot 1
with no gaps. Lessons are placed most-constrained first; when a lesson fits nowhere,
one lesson of the class is moved to make room; failing that the class is planned again.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from ejsync.demo.structure import SchoolClass, Teaching

ATTEMPTS_PER_CLASS = 60
ATTEMPTS_IN_ALL = 20


@dataclass(frozen=True)
class Slot:
    """One weekly lesson of a class (or of both its subgroups at once)."""

    class_id: int
    subject_id: int
    # (group index, teacher id): (0, t) for the whole class, (1, t1), (2, t2) when split
    groups: tuple[tuple[int, int], ...]
    weekday: int
    slot: int


class Need(NamedTuple):
    """One weekly hour a class needs: a subject and its (group index, teacher) pairs."""

    subject_id: int
    groups: tuple[tuple[int, int], ...]


class TimetableError(RuntimeError):
    """The generator found no conflict-free timetable."""


def day_sizes(hours: int, week_days: int) -> list[int]:
    """Lessons per day, as even as possible, the longer days first."""
    base, extra = divmod(hours, week_days)
    return [base + (1 if day < extra else 0) for day in range(week_days)]


def build(classes: list[SchoolClass], teaching: list[Teaching],
          rng: random.Random) -> list[Slot]:
    """The weekly timetable of every class."""
    units = _units(classes, teaching)
    for _ in range(ATTEMPTS_IN_ALL):
        order = sorted(classes, key=lambda c: (-c.grade, rng.random()))
        busy: dict[tuple[int, int], set[int]] = defaultdict(set)
        placed: list[Slot] = []
        for cls in order:
            result = _place_class(cls, units[cls.id], busy, rng)
            if result is None:
                break
            placed.extend(result)
        else:
            return sorted(placed, key=lambda s: (s.class_id, s.weekday, s.slot))
    raise TimetableError("не удалось составить расписание без накладок")


def _units(classes: list[SchoolClass], teaching: list[Teaching]) -> dict[int, list[Need]]:
    by_key: dict[tuple[int, int], list[Teaching]] = defaultdict(list)
    for t in teaching:
        by_key[(t.class_id, t.subject_id)].append(t)
    units: dict[int, list[Need]] = {c.id: [] for c in classes}
    for (class_id, subject_id), rows in sorted(by_key.items()):
        groups = tuple(sorted((t.group_index, t.teacher_id) for t in rows))
        for _ in range(rows[0].hours):
            units[class_id].append(Need(subject_id, groups))
    return units


def _place_class(cls: SchoolClass, units: list[Need], busy: dict, rng: random.Random):
    sizes = day_sizes(len(units), cls.week_days)
    rng.shuffle(sizes)
    cells = [(day + 1, slot) for day in range(cls.week_days) for slot in range(1, sizes[day] + 1)]
    for _ in range(ATTEMPTS_PER_CLASS):
        grid: dict[tuple[int, int], Need] = {}
        ordered = sorted(units, key=lambda u: (-len(u.groups), rng.random()))
        if all(_place_unit(unit, cells, grid, busy, rng) for unit in ordered):
            return [Slot(cls.id, u.subject_id, u.groups, day, slot)
                    for (day, slot), u in grid.items()]
        for cell, unit in grid.items():
            busy[cell].difference_update(t for _, t in unit.groups)
    return None


def _teachers(unit: Need) -> set[int]:
    return {t for _, t in unit.groups}


def _place_unit(unit: Need, cells: list, grid: dict, busy: dict, rng: random.Random) -> bool:
    teachers = _teachers(unit)
    free = [c for c in cells if c not in grid]
    fits = [c for c in free if not (teachers & busy[c])]
    if fits:
        per_day = defaultdict(int)
        for (day, _), other in grid.items():
            if other.subject_id == unit.subject_id:
                per_day[day] += 1
        cell = min(fits, key=lambda c: (per_day[c[0]], rng.random()))
        _put(unit, cell, grid, busy)
        return True
    for cell in rng.sample(cells, len(cells)):
        other = grid.get(cell)
        if other is None or (teachers & (busy[cell] - _teachers(other))):
            continue
        moves = [c for c in free if not (_teachers(other) & busy[c])]
        if moves:
            _take(cell, grid, busy)
            _put(other, rng.choice(moves), grid, busy)
            _put(unit, cell, grid, busy)
            return True
    return False


def _put(unit: Need, cell: tuple[int, int], grid: dict, busy: dict) -> None:
    grid[cell] = unit
    busy[cell].update(_teachers(unit))


def _take(cell: tuple[int, int], grid: dict, busy: dict) -> None:
    unit = grid.pop(cell)
    busy[cell].difference_update(_teachers(unit))
