"""REP-MONTHLY-FILL (004 инструкция 6.2, «Ответственный б»): journal filling and mark
accumulation for the month of the date, or for a whole period (`--period Y` at year end)."""

from __future__ import annotations

import calendar

from ejsync.reports.base import ReportInput
from ejsync.reports.fill import FILL_COLUMNS, fill_rows
from ejsync.reports.model import Chart, Report, Section

MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
          "октябрь", "ноябрь", "декабрь"]


def build(data: ReportInput, whole_period: bool = False) -> Report:
    """Lessons recorded against the timetable, topics, homework and marks per subject."""
    day = data.day
    if whole_period:
        ranges = [(c.class_id, c.starts_on, min(c.ends_on, day.isoformat()))
                  for c in data.classes]
        span = data.period_label()
    else:
        first = day.replace(day=1).isoformat()
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        ranges = [(c.class_id, first, min(last, day).isoformat()) for c in data.classes]
        span = f"{MONTHS[day.month - 1]} {day.year}"
    return data.report(
        "REP-MONTHLY-FILL", "Заполнение журнала и накопляемость отметок",
        "004 инструкция 6.2; «Ответственный б»",
        {"Класс": data.class_label(), "Период": span, "На дату": day.strftime("%d.%m.%Y")},
        [Section("subjects", "По классам и предметам", FILL_COLUMNS, fill_rows(data, ranges),
                 Chart("Отметок на ученика", "label",
                       (("marks_per_student", "Отметок на ученика"),)),
                 "Не записано — уроки по расписанию, которых нет в журнале.")],
    )
