"""REP-CONTROL (004 инструкция 3.5; план 2.2): the deputy's control of journal keeping."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from ejsync.reports.base import ReportInput
from ejsync.reports.fill import FILL_COLUMNS, fill_rows
from ejsync.reports.model import Chart, Column, Report, Section, percent
from ejsync.reports.progress import results


def build(data: ReportInput) -> Report:
    """Filling, mark accumulation, programme completion, teachers, families, open violations."""
    ranges = [(c.class_id, c.starts_on, min(c.ends_on, data.day.isoformat()))
              for c in data.classes]
    first = min((r[1] for r in ranges), default=data.day.isoformat())
    subjects = fill_rows(data, ranges)
    accumulation = _mark_accumulation(data)
    for row in subjects:
        row.update(accumulation.get((row["class_id"], row["subject_id"]), {}))
    teachers = [dict(r) for r in data.rows(
        "staff_activity", classes=data.class_ids(), **_range(data, first))]
    active = sum(1 for t in teachers if t["lessons"] or t["marks"] or t["absences"])
    families = _families(data, first)
    violations = [dict(r) for r in data.rows("open_violations", classes=data.class_ids())]
    params = {
        "Класс": data.class_label(), "Период": data.period_label(),
        "На дату": data.day.strftime("%d.%m.%Y"),
        "Участие учителей, %": _text(percent(active, len(teachers))),
        "Участие семей, %": _text(percent(sum(f["viewed"] for f in families),
                                          sum(f["online"] for f in families))),
    }
    return data.report(
        "REP-CONTROL", "Контроль ведения электронного журнала", "004 инструкция 3.5; план 2.2",
        params,
        [
            Section("subjects", "Заполнение журнала и накопляемость отметок",
                    [*FILL_COLUMNS,
                     Column("no_marks", "Без отметок, %", "percent"),
                     Column("one_mark", "С одной отметкой, %", "percent"),
                     Column("ktp_hours", "Часов в КТП", "int"),
                     Column("programme", "Выполнение программы, %", "percent")],
                    subjects,
                    Chart("Заполнение журнала", "label",
                          (("topic_share", "С темой, %"),
                           ("homework_share", "С домашним заданием, %"),
                           ("same_day_share", "В день урока, %")), 100, "%"),
                    "Выполнение программы — записанные уроки к часам КТП за год. Без отметок / с "
                    "одной отметкой — доля учеников класса (подгруппы) за период."),
            Section("teachers", "Учителя: участие и табель",
                    [Column("name", "Учитель"), Column("lessons", "Проведено уроков", "int"),
                     Column("substituted", "Из них замен", "int"),
                     Column("replaced", "Заменили его", "int"),
                     Column("marks", "Выставлено отметок", "int"),
                     Column("absences", "Отмечено пропусков", "int"),
                     Column("active_days", "Дней работы в журнале", "int"),
                     Column("open_violations", "Открытых нарушений", "int")],
                    teachers,
                    Chart("Открытые нарушения по учителям", "name",
                          (("open_violations", "Открытых нарушений"),))),
            Section("families", "Семьи и ученики",
                    [Column("class_name", "Класс"), Column("families", "Семей", "int"),
                     Column("online", "С электронным доступом", "int"),
                     Column("viewed", "Открывали дневник", "int"),
                     Column("viewed_share", "Участие семей, %", "percent"),
                     Column("printouts", "Выдано распечаток", "int")],
                    families,
                    Chart("Участие семей", "class_name", (("viewed_share", "Участие, %"),),
                          100, "%")),
            Section("violations", "Открытые нарушения положений",
                    [Column("rule", "Правило"), Column("open", "Всего", "int"),
                     Column("errors", "Ошибок", "int"), Column("warnings", "Предупреждений", "int"),
                     Column("infos", "К сведению", "int")],
                    violations),
        ],
    )


def _range(data: ReportInput, first: str) -> dict[str, str]:
    start = date.fromisoformat(first)
    from_at, to_at = data.utc_bounds(start, data.day)
    return {"from": first, "to": data.day.isoformat(), "from_at": from_at, "to_at": to_at}


def _families(data: ReportInput, first: str) -> list[dict]:
    rows = []
    for r in data.rows("family_activity", classes=data.class_ids(), **_range(data, first)):
        rows.append({**dict(r), "viewed_share": percent(r["viewed"], r["online"])})
    return rows


def _mark_accumulation(data: ReportInput) -> dict[tuple[int, int], dict]:
    """Per class and subject: share of students with no marks and with one mark."""
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for item in results(data):
        key = (item.class_id, item.subject_id)
        counts[key]["students"] += 1
        counts[key]["none"] += item.marks == 0
        counts[key]["one"] += item.marks == 1
    return {
        key: {"no_marks": percent(c["none"], c["students"]),
              "one_mark": percent(c["one"], c["students"])}
        for key, c in counts.items()
    }


def _text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")
