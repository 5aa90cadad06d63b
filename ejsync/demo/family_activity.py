"""What families do in the diary: page views (R-PARENT-CHECK) and acknowledged final marks.

Families differ: most look in two or more times a week, some once, about one in five
hardly ever (a deliberate R-PARENT-CHECK finding). Offline families never appear here.
"""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from datetime import date, timedelta

from ejsync.demo.clock import Calendar, utc_text
from ejsync.demo.people import Family, Student
from ejsync.demo.structure import SchoolClass
from ejsync.demo.writer import insert

# (share of families, views a week)
HABITS = ((0.4, 3.5), (0.4, 1.8), (0.2, 0.4))
ACKNOWLEDGE_SHARE = 0.75
ACK_MESSAGES = ("", "", "Ознакомлены.", "Ознакомлены, спасибо!", "С отметками ознакомлены.")


def write_family_activity(conn: sqlite3.Connection, families: list[Family],
                          students: list[Student], classes: list[SchoolClass],
                          calendar: Calendar, until: date, rng: random.Random) -> None:
    """Diary views up to `until` and acknowledgements of the periods ended by then."""
    children: dict[int, list[Student]] = defaultdict(list)
    for student in students:
        children[student.family_id].append(student)
    online = [f for f in families if f.electronic_access]
    cutoff = calendar.at(until, 24 * 60) - 1
    insert(conn, "diary_views", ("family_id", "student_id", "page", "viewed_at"),
           _views(online, children, calendar, until, cutoff, rng))
    grade = {c.id: c.grade for c in classes}
    insert(conn, "acknowledgements", ("family_id", "student_id", "period_id", "message",
                                      "acknowledged_at"),
           _acknowledgements(online, children, grade, calendar, until, cutoff, rng))


def _views(online: list[Family], children: dict[int, list[Student]], calendar: Calendar,
           until: date, cutoff: int, rng: random.Random) -> list[tuple]:
    rows = []
    for family in online:
        roll, rate = rng.random(), HABITS[-1][1]
        for share, habit_rate in HABITS:
            if roll < share:
                rate = habit_rate
                break
            roll -= share
        monday = calendar.year.starts_on - timedelta(days=calendar.year.starts_on.weekday())
        while monday <= until:
            count = int(rate) + (1 if rng.random() < rate - int(rate) else 0)
            for _ in range(count):
                child = rng.choice(children[family.id])
                day = monday + timedelta(days=rng.randrange(7))
                minute = (rng.randint(7 * 60, 8 * 60) if rng.random() < 0.15
                          else rng.randint(18 * 60, 22 * 60 + 59))
                at = calendar.at(day, minute)
                if day >= child.enrolled_from and at <= cutoff:
                    rows.append((family.id, child.id, "", utc_text(at)))
            monday += timedelta(days=7)
    return rows


def _acknowledgements(online: list[Family], children: dict[int, list[Student]],
                      grade: dict[int, int], calendar: Calendar, until: date, cutoff: int,
                      rng: random.Random) -> list[tuple]:
    rows = []
    for period in calendar.periods:
        if period.ends_on > until:
            continue
        for family in online:
            for child in children[family.id]:
                if (grade[child.class_id] < 2 or not period.serves(grade[child.class_id])
                        or not child.enrolled_on(period.ends_on)):
                    continue
                if rng.random() >= ACKNOWLEDGE_SHARE:
                    continue
                at = calendar.at(period.ends_on + timedelta(days=rng.randint(1, 5)),
                                 rng.randint(18 * 60, 22 * 60))
                if at <= cutoff:
                    rows.append((family.id, child.id, period.id, rng.choice(ACK_MESSAGES),
                                 utc_text(at)))
    return rows
