"""The journal day by day: lessons, marks, absences and notes as teachers really enter them.

All times are drawn from one `random.Random`; nothing reads the clock. A row is written only
if it would exist by the end of the `until` day (a work marked later is not marked yet).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ejsync.demo import slips
from ejsync.demo.clock import DAY, HOUR, MINUTE, Calendar, Period
from ejsync.demo.data import lines
from ejsync.demo.homework import homework_text
from ejsync.demo.people import YEAR_START, Student
from ejsync.demo.plan import OWN_TOPIC_WORKS, PlannedLesson
from ejsync.demo.structure import School, SchoolClass
from ejsync.demo.timetable import Slot

EASY_SUBJECTS = {"pe", "music", "art", "labour"}
# cumulative shares of the marks given outside control works
ORAL_WORK_TYPES = (("answer", 0.7), ("homework", 0.88), ("notebook", 1.0))
CORRECTION_REASONS = [
    "Техническая ошибка учителя при вводе отметки (служебная записка учителя)",
    "Отметка выставлена не тому ученику",
    "Повторная проверка работы по заявлению родителей",
]
ILLNESS_START = 0.011  # chance a healthy pupil falls ill on a school day
SINGLE_ABSENCE = 0.005  # chance of one missed lesson
COMMENT_SHARE = 0.04
CORRECTION_SHARE = 0.0015


def marks_target(hours: int, half_year: bool) -> int:
    """Marks a pupil usually gets in a quarter (or half-year) at `hours` a week."""
    per_quarter = {1: 5, 2: 8, 3: 9, 4: 10, 5: 11}.get(hours, 12)
    return round(per_quarter * 1.8) if half_year else per_quarter


@dataclass
class Rows:
    """Rows of one batch, by table, in insert order."""

    lessons: list[tuple] = field(default_factory=list)
    marks: list[tuple] = field(default_factory=list)
    attendance: list[tuple] = field(default_factory=list)
    reasons: list[tuple] = field(default_factory=list)
    comments: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class Lesson:
    """What a lesson needs to know about itself while its marks and absences are drawn."""

    id: int
    cls: SchoolClass
    subject_id: int
    subject_key: str
    day: date
    start: int
    end: int
    last_end: int
    teacher_id: int
    control_type: str
    term: Period


class Journal:
    """Generates the journal of a school, one school week at a time."""

    def __init__(self, school: School, students: list[Student], calendar: Calendar,
                 timetable: list[Slot], plans: dict[tuple, list[PlannedLesson]],
                 subgroup_ids: dict[tuple[int, int, int], int], work_types: dict[str, tuple],
                 until: date, rng: random.Random) -> None:
        self.school, self.cal, self.rng, self.plans = school, calendar, rng, plans
        self.students = {s.id: s for s in students}
        self.movers = {s.id for s in students if s.enrolled_from != YEAR_START or s.enrolled_to}
        self.classes = {c.id: c for c in school.classes}
        self.subgroup_ids = subgroup_ids
        self.work_types = work_types  # code -> (kind, weight)
        self.cutoff = calendar.at(until, 24 * 60) - 1
        self.class_days = {
            c.id: [d for d in calendar.school_days(c.grade, c.week_days) if d <= until]
            for c in school.classes
        }
        self.week_of = {c.id: defaultdict(list) for c in school.classes}
        for class_id, days in self.class_days.items():
            for day in days:
                self.week_of[class_id][day - timedelta(days=day.weekday())].append(day)
        self.by_day: dict[tuple[int, int], list[Slot]] = defaultdict(list)
        for slot in timetable:
            self.by_day[(slot.class_id, slot.weekday)].append(slot)
        self.busy: dict[tuple[int, int], set[int]] = defaultdict(set)
        for slot in timetable:
            self.busy[(slot.weekday, slot.slot)].update(t for _, t in slot.groups)
        self.members = {sid: list(members) for c in school.classes
                        for groups in c.groups.values() for sid, members in groups}
        self.term_lessons = self._count_term_lessons(calendar)
        self.ill = self._illnesses()
        self.teacher_away = slips.teacher_absences(school, self.class_days, rng)
        self.substitutes_busy: set[tuple[date, int, int]] = set()
        self.plan_position: dict[tuple, int] = defaultdict(int)
        self.mark_count: dict[tuple, int] = defaultdict(int)
        self.mark_values: dict[tuple, list[tuple[str, float]]] = defaultdict(list)
        self.few_marks: dict[tuple, bool] = {}
        self.offsets: dict[tuple[int, int], float] = {}
        self.comment_texts = [line.split("|", 1) for line in lines("comments.txt")]
        self.deputies = [m.id for m in school.by_role("deputy")]
        self.next_id = defaultdict(lambda: 1)
        self.stats: dict[str, int] = defaultdict(int)

    # ------------------------------------------------------------------ setup
    def _count_term_lessons(self, cal: Calendar) -> dict[tuple, int]:
        """Lessons of each (class, subject, term) in the whole term, `until` or not."""
        counts: dict[tuple, int] = defaultdict(int)
        for cls in self.school.classes:
            for day in cal.school_days(cls.grade, cls.week_days):
                term = cal.term_of(cls.grade, day)
                for slot in self.by_day[(cls.id, day.isoweekday())]:
                    counts[(cls.id, slot.subject_id, term.id)] += 1
        return counts

    def _illnesses(self) -> dict[int, dict[date, bool]]:
        """Per pupil: ill days -> whether the class teacher never sets the reason (a slip)."""
        ill: dict[int, dict[date, bool]] = {}
        for cls in self.school.classes:
            days = self.class_days[cls.id]
            for student_id in cls.students:
                episodes: dict[date, bool] = {}
                index = 0
                while index < len(days):
                    if self.rng.random() < ILLNESS_START:
                        length = self.rng.randint(2, 7)
                        unexplained = self.rng.random() < slips.ABSENCE_NO_REASON_SHARE
                        for day in days[index:index + length]:
                            episodes[day] = unexplained
                        index += length
                    index += 1
                ill[student_id] = episodes
        return ill

    def take_id(self, table: str) -> int:
        """The next free id of `table` (ids are given explicitly, so corrections can point)."""
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    # ------------------------------------------------------------------ a week
    def week(self, monday: date) -> Rows:
        """Every lesson of the school week starting `monday` (up to `until`)."""
        rows = Rows()
        for cls in self.school.classes:
            for day in self.week_of[cls.id].get(monday, []):
                self._class_day(cls, day, rows)
        return rows

    def _class_day(self, cls: SchoolClass, day: date, rows: Rows) -> None:
        slots = sorted(self.by_day[(cls.id, day.isoweekday())], key=lambda s: s.slot)
        if not slots:
            return
        last_end = self.cal.at(day, self.cal.bells[slots[-1].slot][1])
        term = self.cal.term_of(cls.grade, day)
        for slot in slots:
            for group_index, teacher_id in slot.groups:
                subgroup_id = self.subgroup_ids.get((cls.id, slot.subject_id, group_index))
                self._lesson(cls, slot, subgroup_id, teacher_id, day, last_end, term, rows)

    def _lesson(self, cls: SchoolClass, slot: Slot, subgroup_id: int | None, scheduled: int,
                day: date, last_end: int, term: Period, rows: Rows) -> None:
        rng = self.rng
        subject = self.school.subject(slot.subject_id)
        key = (cls.id, subgroup_id or 0, subject.id)
        position = self.plan_position[key]
        self.plan_position[key] = position + 1
        plan = self.plans[key]
        planned = plan[position] if position < len(plan) else None
        start_min, end_min = self.cal.bells[slot.slot]
        start, end = self.cal.at(day, start_min), self.cal.at(day, end_min)
        teacher = self._teacher_for(scheduled, day, slot)
        lesson = Lesson(self.take_id("lessons"), cls, subject.id, subject.key, day, start, end,
                        last_end, teacher, planned.control_type if planned else "", term)
        entered = self._entry_time(day, start, last_end)
        topic = planned.topic if planned else "Повторение изученного"
        if subject.foreign and rng.random() < slips.LATIN_TOPIC_SHARE:
            topic = rng.choice(lines("english_topics.txt"))
        topic_at: int | None = entered
        if rng.random() < slips.MISSING_TOPIC_SHARE:
            topic, topic_at = "", None
        homework = homework_text(subject.key, cls.grade, rng)
        work_topic = ""
        if lesson.control_type in OWN_TOPIC_WORKS and planned:
            work_topic = planned.topic.split("по теме ", 1)[-1].strip("«»")
        rows.lessons.append((
            lesson.id, cls.id, subgroup_id, subject.id, day.isoformat(), slot.slot, scheduled,
            teacher, planned.id if planned else None, topic, homework, lesson.control_type,
            work_topic, teacher, entered, topic_at, entered if homework else None,
        ))
        roster = self.members[subgroup_id] if subgroup_id else cls.students
        if self.movers.intersection(roster):
            roster = [s for s in roster if self.students[s].enrolled_on(day)]
        present = self._attendance(lesson, roster, rows)
        if cls.grade >= 2 and subject.graded:
            self._marks(lesson, subgroup_id, present, rows)
        if present and rng.random() < COMMENT_SHARE:
            kind, text = rng.choice(self.comment_texts)
            rows.comments.append((self.take_id("comments"), rng.choice(present), lesson.id, kind,
                                  text, 1, teacher, end + rng.randint(0, 90) * MINUTE))

    def _teacher_for(self, scheduled: int, day: date, slot: Slot) -> int:
        """The scheduled teacher, or a free colleague when the teacher is away (substitution)."""
        if (scheduled, day) not in self.teacher_away:
            return scheduled
        speciality = self.school.staff[scheduled - 1].speciality
        busy = self.busy[(slot.weekday, slot.slot)]
        free = [m for m in self.school.staff
                if "teacher" in m.roles and m.id not in busy
                and (m.id, day) not in self.teacher_away
                and (day, slot.slot, m.id) not in self.substitutes_busy]
        same = [m for m in free if m.speciality == speciality]
        pool = same or free
        if not pool:
            return scheduled
        substitute = self.rng.choice(pool).id
        self.substitutes_busy.add((day, slot.slot, substitute))
        self.stats["substitutions"] += 1
        return substitute

    def _entry_time(self, day: date, start: int, last_end: int) -> int:
        """When the teacher filled in the lesson: mostly during it, else by the evening."""
        rng, roll = self.rng, self.rng.random()
        if roll < 0.05:  # in advance, the evening before (allowed by R-HW-DEADLINE)
            return self.cal.at(day - timedelta(days=1), rng.randint(17 * 60, 21 * 60 + 30))
        if roll < 0.05 + slips.LATE_HOMEWORK_SHARE:
            return last_end + rng.randint(150, 300) * MINUTE
        if roll < 0.8:
            return start + rng.randint(5, 55) * MINUTE
        return last_end + rng.randint(0, 110) * MINUTE

    # ------------------------------------------------------------------ attendance
    def _attendance(self, lesson: Lesson, roster: list[int], rows: Rows) -> list[int]:
        """Record absences ('н', later a reason from the class teacher); return who is present."""
        rng, present = self.rng, []
        for student_id in roster:
            illness = self.ill[student_id].get(lesson.day)
            if illness is None and rng.random() >= SINGLE_ABSENCE:
                present.append(student_id)
                continue
            attendance_id = self.take_id("attendance")
            marked_at = lesson.start + rng.randint(3, 15) * MINUTE
            rows.attendance.append((attendance_id, lesson.id, student_id, "н", lesson.teacher_id,
                                    marked_at))
            # the family tells the class teacher, who sets the reason within 0–2 days
            if illness is not None:
                code, unexplained = "Б", illness
            else:
                code = rng.choices("УНО", weights=(45, 25, 30))[0]
                unexplained = rng.random() < slips.ABSENCE_NO_REASON_SHARE
            reason_at = max(marked_at + rng.randint(20, 90) * MINUTE,
                            self.cal.at(lesson.day + timedelta(days=rng.randint(0, 2)),
                                        rng.randint(13 * 60, 18 * 60)))
            if not unexplained and reason_at <= self.cutoff:
                rows.reasons.append((code, lesson.cls.class_teacher_id, reason_at, attendance_id))
        return present

    # ------------------------------------------------------------------ marks
    def _marks(self, lesson: Lesson, subgroup_id: int | None, present: list[int],
               rows: Rows) -> None:
        if not present:
            return
        if lesson.control_type:
            entered = self._written_entry(lesson)
            if entered <= self.cutoff:
                for student_id in present:
                    self._mark(lesson, student_id, lesson.control_type, entered, rows)
            return
        rng = self.rng
        grade, term = lesson.cls.grade, lesson.term
        hours = self.school.subject(lesson.subject_id).hours[grade]
        total = self.term_lessons[(lesson.cls.id, lesson.subject_id, term.id)]
        every = 8 if hours >= 2 else 5
        oral_per_pupil = max(0.0, marks_target(hours, term.code.startswith("H")) - total / every)
        quota = len(present) * oral_per_pupil / max(1, total)
        count = int(quota) + (1 if rng.random() < quota - int(quota) else 0)
        eligible = [s for s in present if not self._few_marks(s, lesson.subject_id, term)]
        counts = self.mark_count
        eligible.sort(key=lambda s: counts[(s, lesson.subject_id, term.id)] + rng.random() * 1.2)
        for student_id in eligible[:count]:
            roll = rng.random()
            work_type = next(w for w, share in ORAL_WORK_TYPES if roll < share)
            if work_type == "answer":
                entered = lesson.start + rng.randint(10, 45) * MINUTE
            else:
                spare = (lesson.last_end - lesson.end) // MINUTE + 100
                entered = lesson.end + rng.randint(0, spare) * MINUTE
            if entered <= self.cutoff:
                self._mark(lesson, student_id, work_type, entered, rows)

    def _few_marks(self, student_id: int, subject_id: int, term: Period) -> bool:
        key = (student_id, subject_id, term.id)
        if key not in self.few_marks:
            self.few_marks[key] = self.rng.random() < slips.TOO_FEW_MARKS_SHARE
        return self.few_marks[key]

    def _written_entry(self, lesson: Lesson) -> int:
        """When a control work is marked: written ones within the deadline, a few late."""
        rng = self.rng
        if self.work_types[lesson.control_type][0] != "written":
            return lesson.end + rng.randint(0, 120) * MINUTE
        deadline = slips.written_deadline_days(lesson.cls.grade)
        if rng.random() < slips.LATE_WRITTEN_SHARE:
            days = deadline + rng.randint(1, 3)
        else:
            days = rng.randint(1, deadline - 1)
        return self.cal.at(lesson.day + timedelta(days=days), rng.randint(15 * 60, 21 * 60 + 30))

    def _mark(self, lesson: Lesson, student_id: int, work_type: str, entered: int,
              rows: Rows) -> None:
        value = self._value(student_id, lesson, self.work_types[work_type][0] == "written")
        mark_id = self.take_id("marks")
        rows.marks.append((mark_id, student_id, lesson.subject_id, "current", lesson.id, None,
                           value, work_type, None, "", lesson.teacher_id, entered))
        key = (student_id, lesson.subject_id, lesson.term.id)
        self.mark_count[key] += 1
        weight = self.work_types[work_type][1]
        self.mark_values[key].append((value, weight))
        if self.rng.random() < CORRECTION_SHARE:
            corrected_at = entered + self.rng.randint(1, 5) * DAY + self.rng.randint(0, 5) * HOUR
            if corrected_at <= self.cutoff:
                new = str(min(5, int(value) + 1) if value != "5" else 4)
                reason = self.rng.choice(CORRECTION_REASONS)
                rows.marks.append((self.take_id("marks"), student_id, lesson.subject_id, "current",
                                   lesson.id, None, new, work_type, mark_id, reason,
                                   self.rng.choice(self.deputies), corrected_at))
                self.mark_values[key][-1] = (new, weight)
                self.stats["corrections"] += 1

    def _value(self, student_id: int, lesson: Lesson, written: bool) -> str:
        rng = self.rng
        key = (student_id, lesson.subject_id)
        if key not in self.offsets:
            self.offsets[key] = rng.gauss(0, 0.35)
        level = self.students[student_id].ability + self.offsets[key] + rng.gauss(0, 0.7)
        if lesson.subject_key in EASY_SUBJECTS:
            level += 0.45
        if written:
            level -= 0.2
        return str(max(2, min(5, round(level))))
