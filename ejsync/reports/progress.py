"""Per-student period results shared by REP-PERIOD and REP-FORECAST: one computation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import mean

from ejsync.grading import numeric
from ejsync.reports.base import ReportInput
from ejsync.reports.model import Column, percent
from ejsync.rules import period_standing

RESULT_COLUMNS = [Column("progress", "Успеваемость, %", "percent"),
                  Column("quality", "Качество знаний, %", "percent")]


@dataclass(frozen=True)
class Result:
    """A student's standing in a subject for the period."""

    class_id: int
    class_name: str
    student_id: int
    student_name: str
    subject_id: int
    subject_name: str
    marks: int
    average: float | None
    forecast: int | None
    period_mark: str | None

    @property
    def final(self) -> int | None:
        """The numeric period mark when given, otherwise the forecast."""
        if self.period_mark is not None:
            return numeric(self.period_mark)
        return self.forecast


def results(data: ReportInput) -> list[Result]:
    """Every (student, subject) of the report's classes in their period."""
    pairs = [(c.class_id, c.period_id) for c in data.classes]
    return [
        Result(s.class_id, s.class_name, s.student_id, s.student_name, s.subject_id,
               s.subject_name, s.marks, s.average, s.forecast, s.period_mark)
        for s in period_standing(data.conn, data.day, pairs)
    ]


def distribution(marks: list[int | None]) -> dict[str, object]:
    """Counts of 5/4/3/2 and none; успеваемость and качество знаний in percent; mean mark."""
    given = [m for m in marks if m is not None]
    counts = {f"n{k}": sum(1 for m in given if m == k) for k in (5, 4, 3, 2)}
    return {
        "students": len(marks),
        "attested": len(given),
        **counts,
        "none": len(marks) - len(given),
        "progress": percent(len(given) - counts["n2"], len(given)),
        "quality": percent(counts["n5"] + counts["n4"], len(given)),
        "mean": mean(given) if given else None,
    }


def distribution_columns(unmarked_title: str) -> list[Column]:
    """Columns of the mark distribution: «5»…«2», the unmarked, progress and quality."""
    return [*(Column(f"n{mark}", f"«{mark}»", "int") for mark in (5, 4, 3, 2)),
            Column("none", unmarked_title, "int"), *RESULT_COLUMNS]


def by_subject(items: list[Result], final: bool) -> list[dict]:
    """One row per class and subject: the distribution of final (or forecast) marks."""
    groups: dict[tuple, list[Result]] = defaultdict(list)
    for item in items:
        groups[(item.class_name, item.subject_name, item.class_id)].append(item)
    rows = []
    for (class_name, subject_name, class_id), group in groups.items():
        marks = [g.final if final else g.forecast for g in group]
        given = sum(1 for g in group if g.period_mark is not None)
        averages = [g.average for g in group if g.average is not None]
        rows.append({
            "class_id": class_id, "class_name": class_name, "subject_name": subject_name,
            "label": f"{class_name} · {subject_name}",
            **distribution(marks),
            "class_average": mean(averages) if averages else None,
            "basis": ("отметки за период" if given == len(group) else
                      "прогноз" if given == 0 else "отметки и прогноз"),
        })
    return rows


def by_class(items: list[Result]) -> list[dict]:
    """One row per class: excellent, good, failing students, успеваемость and качество."""
    students: dict[tuple, list[int | None]] = defaultdict(list)
    names: dict[int, str] = {}
    for item in items:
        students[(item.class_id, item.student_id)].append(item.final)
        names[item.class_id] = item.class_name
    rows = []
    for class_id, class_name in names.items():
        finals = [marks for (c, _), marks in students.items() if c == class_id]
        attested = [[m for m in marks if m is not None] for marks in finals]
        attested = [marks for marks in attested if marks]
        excellent = sum(1 for m in attested if min(m) == 5)
        good = sum(1 for m in attested if min(m) == 4)
        one_three = sum(1 for m in attested if min(m) == 3 and m.count(3) == 1)
        failing = sum(1 for m in attested if min(m) == 2)
        rows.append({
            "class_id": class_id, "class_name": class_name, "label": class_name,
            "students": len(finals), "attested": len(attested), "excellent": excellent,
            "good": good, "one_three": one_three, "failing": failing,
            "progress": percent(len(attested) - failing, len(attested)),
            "quality": percent(excellent + good, len(attested)),
        })
    return rows
