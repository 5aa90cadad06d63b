"""The district's rollup of REP-MONTHLY-FILL and REP-PERIOD: one row per school.

Each school's figures come from its own report (the same code as `ejsync report`), read from
its database or from a database restored out of its replica; counts are summed over the
school's rows and shares are recomputed from those sums, never averaged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ejsync.reports import build_report
from ejsync.reports.model import Column, Report, Section, percent
from ejsync.store import connect
from ejsync.store.clock import stamp

FILL_SUMS = ("expected", "lessons", "missing", "substituted", "marks", "with_topic",
             "with_homework", "same_day", "with_marks", "marks_on_time")
FILL_COLUMNS = [
    Column("school", "Школа"), Column("expected", "Уроков по расписанию", "int"),
    Column("lessons", "Записано уроков", "int"), Column("missing", "Не записано", "int"),
    Column("topic_share", "С темой, %", "percent"),
    Column("homework_share", "С домашним заданием, %", "percent"),
    Column("same_day_share", "Записано в день урока, %", "percent"),
    Column("substituted", "Замен", "int"), Column("marks", "Отметок", "int"),
    Column("marks_on_time_share", "Отметки в срок, %", "percent"),
    Column("lessons_with_marks", "Уроков с отметками, %", "percent"),
]
PERIOD_SUMS = ("students", "attested", "excellent", "good", "one_three", "failing")
ATTENDANCE_SUMS = ("student_lessons", "absences", "ill", "excused", "unexcused", "no_reason")
PERIOD_COLUMNS = [
    Column("school", "Школа"), Column("students", "Учеников", "int"),
    Column("attested", "Аттестовано", "int"), Column("excellent", "Отличники", "int"),
    Column("good", "Хорошисты", "int"), Column("one_three", "С одной «3»", "int"),
    Column("failing", "Неуспевающие", "int"), Column("progress", "Успеваемость, %", "percent"),
    Column("quality", "Качество знаний, %", "percent"),
    Column("absences", "Пропущено уроков", "int"), Column("ill", "Б", "int"),
    Column("excused", "У", "int"), Column("unexcused", "Н", "int"),
    Column("no_reason", "н (без причины)", "int"),
    Column("attended", "Посещаемость, %", "percent"),
]


@dataclass(frozen=True)
class SchoolSource:
    """A school of the rollup and the database its figures are read from."""

    key: str
    db: Path


def _sums(rows: Iterable[dict], keys: tuple[str, ...]) -> dict[str, int]:
    rows = list(rows)
    return {key: sum(row.get(key) or 0 for row in rows) for key in keys}


def _section(report: Report, section_id: str) -> list[dict]:
    return next(s.rows for s in report.sections if s.id == section_id)


def fill_shares(sums: dict[str, int]) -> dict:
    """REP-MONTHLY-FILL's counts with its shares, recomputed from the counts."""
    lessons = sums["lessons"]
    return {**sums, "topic_share": percent(sums["with_topic"], lessons),
            "homework_share": percent(sums["with_homework"], lessons),
            "same_day_share": percent(sums["same_day"], lessons),
            "marks_on_time_share": percent(sums["marks_on_time"], sums["marks"]),
            "lessons_with_marks": percent(sums["with_marks"], lessons)}


def period_shares(sums: dict[str, int]) -> dict:
    """REP-PERIOD's counts with успеваемость, качество and attendance from the counts."""
    attested, lessons = sums["attested"], sums["student_lessons"]
    return {**sums, "progress": percent(attested - sums["failing"], attested),
            "quality": percent(sums["excellent"] + sums["good"], attested),
            "attended": None if not lessons else
            round(100 - percent(sums["absences"], lessons), 1)}


def fill_figures(report: Report) -> dict:
    """A school's REP-MONTHLY-FILL summed over its classes and subjects."""
    return fill_shares(_sums(_section(report, "subjects"), FILL_SUMS))


def period_figures(report: Report) -> dict:
    """A school's REP-PERIOD summed over its classes, with its attendance."""
    return period_shares({**_sums(_section(report, "classes"), PERIOD_SUMS),
                          **_sums(_section(report, "attendance"), ATTENDANCE_SUMS)})


def school_reports(db: Path, *, as_of: str | None, period: str | None) -> tuple[Report, Report]:
    """The school's own REP-MONTHLY-FILL and REP-PERIOD (read-only)."""
    conn = connect(db, readonly=True)
    try:
        return (build_report(conn, "REP-MONTHLY-FILL", as_of=as_of),
                build_report(conn, "REP-PERIOD", period_code=period, as_of=as_of))
    finally:
        conn.close()


def _school_name(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT short_name FROM school").fetchone()
        return row[0] if row else db.stem
    finally:
        conn.close()


def district_rollup(name: str, sources: list[SchoolSource], *, as_of: str | None,
                    period: str | None, origin: str) -> Report:
    """One report with a row per school for each of the two reports, and the district total."""
    fill_rows, period_rows, params = [], [], {}
    for source in sources:
        fill, result = school_reports(source.db, as_of=as_of, period=period)
        school = _school_name(source.db)
        fill_rows.append({"school": school, "key": source.key, **fill_figures(fill)})
        period_rows.append({"school": school, "key": source.key, **period_figures(result)})
        params = {"Месяц (REP-MONTHLY-FILL)": fill.params["Период"],
                  "Период (REP-PERIOD)": result.params["Период"],
                  "На дату": result.params["На дату"]}
    fill_rows.append({"school": "Всего по району", "key": "",
                      **fill_shares(_sums(fill_rows, FILL_SUMS))})
    period_rows.append({"school": "Всего по району", "key": "",
                        **period_shares(_sums(period_rows, PERIOD_SUMS + ATTENDANCE_SUMS))})
    return Report(
        id="DISTRICT", title="Сводка района: заполнение журналов и итоги периода",
        source="REP-MONTHLY-FILL и REP-PERIOD школ района", school=name, generated_at=stamp(),
        params={**params, "Школ": str(len(sources)), "Источник": origin},
        sections=[
            Section("fill", "REP-MONTHLY-FILL: заполнение журнала по школам", FILL_COLUMNS,
                    fill_rows, note="Доли пересчитаны из сумм по школе, а не усреднены."),
            Section("period", "REP-PERIOD: успеваемость, качество и посещаемость по школам",
                    PERIOD_COLUMNS, period_rows,
                    note="Успеваемость — доля аттестованных без «2»; качество — доля «4» и "
                         "«5»; посещаемость — доля посещённых ученико-уроков."),
        ],
    )

