"""Journal filling per class and subject over a date range: shared by REP-CONTROL and
REP-MONTHLY-FILL."""

from __future__ import annotations

import json
from collections import defaultdict

from ejsync.reports.base import ReportInput
from ejsync.reports.calendar import expected_lessons
from ejsync.reports.model import Column, percent

FILL_COLUMNS = [
    Column("class_name", "Класс"), Column("subject_name", "Предмет"),
    Column("teachers", "Учитель"), Column("expected", "Уроков по расписанию", "int"),
    Column("lessons", "Записано уроков", "int"), Column("missing", "Не записано", "int"),
    Column("topic_share", "С темой, %", "percent"),
    Column("homework_share", "С домашним заданием, %", "percent"),
    Column("same_day_share", "Записано в день урока, %", "percent"),
    Column("substituted", "Замен", "int"), Column("marks", "Отметок", "int"),
    Column("marks_on_time_share", "Отметки в срок, %", "percent"),
    Column("absences_same_day_share", "Пропуски в день урока, %", "percent"),
    Column("marks_per_student", "Отметок на ученика", "average"),
    Column("lessons_with_marks", "Уроков с отметками, %", "percent"),
]


def fill_rows(data: ReportInput, ranges: list[tuple[int, str, str]]) -> list[dict]:
    """One row per class and subject with lessons recorded in its range (class, first, last)."""
    students = dict(data.conn.execute(
        "SELECT e.class_id, count(*) FROM enrollments e JOIN json_each(?) j ON j.value = e.class_id"
        " WHERE e.from_date <= ? AND (e.to_date IS NULL OR e.to_date >= ?) GROUP BY e.class_id",
        (json.dumps([r[0] for r in ranges]), data.day.isoformat(), data.day.isoformat()),
    ).fetchall())
    expected = {c: expected_lessons(data.conn, c, first, last) for c, first, last in ranges}
    rows = []
    seen: dict[int, set[int]] = defaultdict(set)
    rows_sql = data.rows("lesson_fill", ranges=json.dumps(ranges))
    for r in rows_sql:
        seen[r["class_id"]].add(r["subject_id"])
        planned = expected[r["class_id"]].get(r["subject_id"], 0)
        count = students.get(r["class_id"], 0)
        rows.append({
            **dict(r), "label": f"{r['class_name']} · {r['subject_name']}",
            "expected": planned, "missing": max(planned - r["lessons"], 0),
            "topic_share": percent(r["with_topic"], r["lessons"]),
            "homework_share": percent(r["with_homework"], r["lessons"]),
            "same_day_share": percent(r["same_day"], r["lessons"]),
            "marks_on_time_share": percent(r["marks_on_time"], r["marks"]),
            "absences_same_day_share": percent(r["absences_same_day"], r["absences"]),
            "marks_per_student": r["marks"] / count if count else None,
            "lessons_with_marks": percent(r["with_marks"], r["lessons"]),
            "programme": percent(r["lessons"], r["ktp_hours"]),
        })
    return rows
