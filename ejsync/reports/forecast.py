"""REP-FORECAST (002 §2.7): the forecast period mark per student and subject, and the class."""

from __future__ import annotations

from ejsync.reports.base import ReportInput
from ejsync.reports.model import Chart, Column, Report, Section
from ejsync.reports.progress import by_subject, distribution_columns, results


def build(data: ReportInput) -> Report:
    """Forecasts from weighted current marks, per student and summarised per subject."""
    items = results(data)
    students = Section(
        "students", "Прогноз по ученикам",
        [Column("class_name", "Класс"), Column("student_name", "Ученик"),
         Column("subject_name", "Предмет"), Column("marks", "Отметок", "int"),
         Column("average", "Средневзвешенный балл", "average"),
         Column("forecast", "Прогноз", "mark"), Column("period_mark", "Выставлено", "mark")],
        [{"class_name": i.class_name, "student_name": i.student_name,
          "subject_name": i.subject_name, "marks": i.marks, "average": i.average,
          "forecast": i.forecast, "period_mark": i.period_mark} for i in items],
        note="Прогноз — средневзвешенный балл текущих отметок (веса по видам работ), "
             "округлённый вверх начиная с дробной части "
             f"{str(data.profile['final.forecast_threshold']).replace('.', ',')}.",
    )
    summary = Section(
        "subjects", "Прогноз по классу",
        [Column("class_name", "Класс"), Column("subject_name", "Предмет"),
         Column("students", "Учеников", "int"), Column("class_average", "Средний балл", "average"),
         *distribution_columns("Без прогноза")],
        by_subject(items, final=False),
        Chart("Прогноз: сколько учеников на «5», «4», «3», «2»", "label",
              (("n5", "«5»"), ("n4", "«4»"), ("n3", "«3»"), ("n2", "«2»"))),
    )
    return data.report(
        "REP-FORECAST", "Прогноз отметок за период", "002 §2.7; 003 §3",
        {"Класс": data.class_label(), "Период": data.period_label(),
         "На дату": data.day.strftime("%d.%m.%Y")},
        [summary, students],
    )
