"""Period (quarter, half-year) and year marks, entered before R-FINAL-DEADLINE mostly."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ejsync.demo import slips
from ejsync.demo.clock import Period
from ejsync.demo.journal import Journal
from ejsync.demo.structure import Subject
from ejsync.grading import numeric, round_average, weighted_average


class Finals:
    """Writes the period marks of each term and the year marks, as the terms end."""

    def __init__(self, journal: Journal, teachers: dict[tuple[int, int, int], int]) -> None:
        self.journal = journal
        self.teachers = teachers  # (class, subject, group index) -> teacher id
        self.group_of: dict[tuple[int, int], int] = {}
        for cls in journal.school.classes:
            for subject_id, groups in cls.groups.items():
                for index, (_sid, members) in enumerate(groups, start=1):
                    for student_id in members:
                        self.group_of[(student_id, subject_id)] = index
        self.term_values: dict[tuple[int, int], list[str]] = defaultdict(list)
        self.notes: list[tuple] = []  # comments rows for families, drained by the caller

    def _listed(self, students: list[int], day: date) -> list[int]:
        """The pupils of a class list still enrolled on `day` (the end of a period)."""
        return [s for s in students if self.journal.students[s].enrolled_on(day)]

    def _subjects(self, grade: int):
        return [s for s in self.journal.school.subjects if s.hours.get(grade)]

    def term(self, term: Period) -> list[tuple]:
        """Period marks of every pupil of grades 2+ for a term that has ended.

        A teacher enters a class's marks of a subject in one sitting, 3–6 days before the
        term ends; a few sets (always at least one) come after R-FINAL-DEADLINE.
        """
        journal, rng, rows = self.journal, self.journal.rng, []
        sets = [(cls, subject) for cls in journal.school.classes
                if cls.grade >= 2 and term.serves(cls.grade)
                for subject in self._subjects(cls.grade)]
        forced_late = rng.randrange(len(sets)) if sets else -1
        failing: dict[int, list[str]] = defaultdict(list)
        for number, (cls, subject) in enumerate(sets):
            late = number == forced_late or rng.random() < slips.LATE_PERIOD_MARKS_SHARE
            offset = rng.randint(-1, 1) if late else -rng.randint(3, 6)
            sitting = journal.cal.at(term.ends_on + timedelta(days=offset),
                                     rng.randint(15 * 60, 20 * 60))
            for place, student_id in enumerate(self._listed(cls.students, term.ends_on)):
                group = self.group_of.get((student_id, subject.id), 0)
                value = self._term_value(student_id, subject, term)
                self.term_values[(student_id, subject.id)].append(value)
                if value == "2":
                    failing[student_id].append(subject.name)
                at = sitting + place * 20
                if at <= journal.cutoff:
                    rows.append(self._row(student_id, subject.id, "period", term.id, value,
                                          self.teachers[(cls.id, subject.id, group)], at))
        self._notify_failing(term, failing)
        return rows

    def _notify_failing(self, term: Period, failing: dict[int, list[str]]) -> None:
        """R-NOTIFY-FAILING: the class teacher writes to the family of each failing pupil."""
        journal, rng = self.journal, self.journal.rng
        for student_id, subjects in sorted(failing.items()):
            cls = journal.classes[journal.students[student_id].class_id]
            at = journal.cal.at(term.ends_on - timedelta(days=1), rng.randint(14 * 60, 18 * 60))
            if at > journal.cutoff:
                continue
            text = (f"По итогам периода ({term.title}) неудовлетворительная отметка: "
                    f"{', '.join(subjects)}. Просим прийти на консультацию к учителю "
                    "и классному руководителю.")
            self.notes.append((journal.take_id("comments"), student_id, None, "note", text, 1,
                               cls.class_teacher_id, at))

    def _term_value(self, student_id: int, subject: Subject, term: Period) -> str:
        """The rounded weighted average of the term ('н/а' without marks, 'зач' ungraded)."""
        if not subject.graded:
            return "зач"
        average = weighted_average(
            self.journal.mark_values.get((student_id, subject.id, term.id), []))
        return "н/а" if average is None else str(round_average(average))

    def year(self, year: Period) -> list[tuple]:
        """Year marks from the period marks, entered per class and subject in one sitting."""
        journal, rng, rows = self.journal, self.journal.rng, []
        for cls in journal.school.classes:
            if cls.grade < 2:
                continue
            for subject in self._subjects(cls.grade):
                sitting = journal.cal.at(year.ends_on - timedelta(days=rng.randint(3, 5)),
                                         rng.randint(15 * 60, 20 * 60))
                for place, student_id in enumerate(self._listed(cls.students, year.ends_on)):
                    group = self.group_of.get((student_id, subject.id), 0)
                    rows.append(self._row(student_id, subject.id, "year", year.id,
                                          self._year_value(student_id, subject),
                                          self.teachers[(cls.id, subject.id, group)],
                                          sitting + place * 20))
        return rows

    def _year_value(self, student_id: int, subject: Subject) -> str:
        """The rounded mean of the period marks ('зач' ungraded, 'н/а' without any)."""
        values = self.term_values.get((student_id, subject.id), [])
        numbers = [n for n in map(numeric, values) if n is not None]
        if numbers:
            return str(round_average(sum(numbers) / len(numbers)))
        return "н/а" if subject.graded else "зач"

    def _row(self, student_id: int, subject_id: int, kind: str, period_id: int, value: str,
             teacher: int, at: int) -> tuple:
        return (self.journal.take_id("marks"), student_id, subject_id, kind, None, period_id,
                value, None, None, "",
                teacher, at)
