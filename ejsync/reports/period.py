"""REP-PERIOD (002 §7; 004 инструкция 6.3): успеваемость, качество знаний, attendance."""

from __future__ import annotations

from ejsync.reports.base import ReportInput
from ejsync.reports.model import Chart, Column, Report, Section, percent
from ejsync.reports.progress import (
    RESULT_COLUMNS,
    by_class,
    by_subject,
    distribution_columns,
    results,
)

QUALITY = (("progress", "Успеваемость, %"), ("quality", "Качество знаний, %"))


def build(data: ReportInput) -> Report:
    """Results of the period per subject and per class, and attendance per subject."""
    items = results(data)
    subjects = Section(
        "subjects", "Итоги по предметам",
        [Column("class_name", "Класс"), Column("subject_name", "Предмет"),
         Column("students", "Учеников", "int"), Column("attested", "Аттестовано", "int"),
         *distribution_columns("Не аттестовано"),
         Column("mean", "Средний балл", "average"), Column("basis", "Основание")],
        by_subject(items, final=True),
        Chart("Успеваемость и качество знаний по предметам", "label", QUALITY, 100, "%"),
        "Успеваемость — доля аттестованных без «2»; качество знаний — доля «4» и «5». Где "
        "отметка за период ещё не выставлена, взят прогноз по средневзвешенному баллу.",
    )
    classes = Section(
        "classes", "Итоги по классам",
        [Column("class_name", "Класс"), Column("students", "Учеников", "int"),
         Column("attested", "Аттестовано", "int"), Column("excellent", "Отличники", "int"),
         Column("good", "Хорошисты", "int"), Column("one_three", "С одной «3»", "int"),
         Column("failing", "Неуспевающие", "int"), *RESULT_COLUMNS],
        by_class(items),
        Chart("Успеваемость и качество знаний по классам", "label", QUALITY, 100, "%"),
    )
    return data.report(
        "REP-PERIOD", "Итоги успеваемости и посещаемости за период", "002 §7; 004 инструкция 6.3",
        {"Класс": data.class_label(), "Период": data.period_label(),
         "На дату": data.day.strftime("%d.%m.%Y")},
        [classes, subjects, attendance_section(data)],
    )


def attendance_section(data: ReportInput) -> Section:
    """Absences per class and subject: by reason, and the share of lessons attended."""
    rows = []
    for r in data.rows("attendance_rows", ranges=data.period_ranges()):
        row = dict(r)
        row["label"] = f"{r['class_name']} · {r['subject_name']}"
        row["attended"] = (None if not r["student_lessons"] else
                           round(100 - percent(r["absences"], r["student_lessons"]), 1))
        rows.append(row)
    return Section(
        "attendance", "Посещаемость по предметам",
        [Column("class_name", "Класс"), Column("subject_name", "Предмет"),
         Column("lessons", "Уроков", "int"), Column("student_lessons", "Ученико-уроков", "int"),
         Column("absences", "Пропущено", "int"), Column("ill", "Б", "int"),
         Column("excused", "У", "int"), Column("unexcused", "Н", "int"),
         Column("no_reason", "н (без причины)", "int"), Column("late", "Опоздания", "int"),
         Column("attended", "Посещаемость, %", "percent")],
        rows,
        Chart("Посещаемость по предметам", "label", (("attended", "Посещаемость, %"),), 100, "%"),
        "Пропуски Б — по болезни, У — по уважительной причине, Н — без уважительной причины, "
        "н — причина ещё не указана. Опоздания не считаются пропуском.",
    )
