"""The deliberate slips of the demo school, so the regulation checks have something to find.

Each share is of the records it applies to; docs/demo.md lists them with typical counts.
"""

from __future__ import annotations

import random
from datetime import date

from ejsync.demo.structure import School

LATE_HOMEWORK_SHARE = 0.012  # R-HW-DEADLINE: lesson filled in 2.5–5 h after the last lesson
MISSING_TOPIC_SHARE = 0.006  # R-TOPIC-WORKS / R-LESSON-FIELDS: a lesson without a topic
LATIN_TOPIC_SHARE = 0.03  # R-LANGUAGE: a foreign-language topic with no Cyrillic letter
TOO_FEW_MARKS_SHARE = 0.012  # R-MARK-COUNT: a pupil left out of oral marks for a term
LATE_WRITTEN_SHARE = 0.04  # R-MARK-WRITTEN: a control work marked after the deadline
ABSENCE_NO_REASON_SHARE = 0.04  # R-ABSENCE-REASON: an absence the class teacher never explains
LATE_PERIOD_MARKS_SHARE = 0.04  # R-FINAL-DEADLINE: period marks entered too late
TEACHER_AWAY_RATE = 0.003  # teacher-days of illness, covered by substitutes


def written_deadline_days(grade: int) -> int:
    """R-MARK-WRITTEN default: 3 days for grades 2–8, 4 days for grades 9–11."""
    return 4 if grade >= 9 else 3


def teacher_absences(school: School, class_days: dict[int, list[date]],
                     rng: random.Random) -> set[tuple[int, date]]:
    """(teacher, day) pairs when a teacher is ill and colleagues substitute."""
    days = sorted({d for ds in class_days.values() for d in ds if d.isoweekday() <= 5})
    teachers = [m.id for m in school.staff if "teacher" in m.roles]
    if not days or not teachers:
        return set()
    episodes = max(3, round(len(teachers) * len(days) * TEACHER_AWAY_RATE / 2))
    away = set()
    for _ in range(episodes):
        teacher = rng.choice(teachers)
        start = rng.randrange(len(days))
        for day in days[start:start + rng.randint(1, 3)]:
            away.add((teacher, day))
    return away
