"""REP-WEEKLY-ACTIVITY (004 инструкция 6.1; план 2.5): user activity in the week to the date."""

from __future__ import annotations

from datetime import timedelta

from ejsync.reports.base import ReportInput
from ejsync.reports.model import Chart, Column, Report, Section, percent
from ejsync.rules import labels


def build(data: ReportInput) -> Report:
    """Teachers' entries, families' diary views per class and activity per day, for 7 days."""
    first, last = data.day - timedelta(days=6), data.day
    from_at, to_at = data.utc_bounds(first, last)
    bounds = {"from": first.isoformat(), "to": last.isoformat(), "from_at": from_at,
              "to_at": to_at}
    teachers = [
        {**dict(r), "last_entry_at": labels.moment(r["last_entry_at"], data.timezone)}
        for r in data.rows("staff_activity", classes=data.class_ids(), **bounds)
    ]
    families = [
        {**dict(r), "viewed_share": percent(r["viewed"], r["online"]),
         "twice_share": percent(r["viewed_twice"], r["online"])}
        for r in data.rows("family_activity", classes=data.class_ids(), **bounds)
    ]
    days = [{**dict(r), "label": r["day"][8:10] + "." + r["day"][5:7]}
            for r in data.rows("daily_activity", classes=data.class_ids(), **bounds)]
    return data.report(
        "REP-WEEKLY-ACTIVITY", "Активность пользователей за неделю",
        "004 инструкция 6.1; план 2.5",
        {"Класс": data.class_label(),
         "Неделя": f"{first.strftime('%d.%m.%Y')} – {last.strftime('%d.%m.%Y')}"},
        [
            Section("days", "По дням",
                    [Column("day", "День", "date"), Column("lessons", "Записано уроков", "int"),
                     Column("marks", "Отметок", "int"), Column("absences", "Пропусков", "int"),
                     Column("views", "Просмотров дневника", "int")],
                    days,
                    Chart("Записи в журнал и просмотры дневника по дням", "label",
                          (("marks", "Отметки"), ("lessons", "Уроки"), ("views", "Просмотры")))),
            Section("teachers", "Учителя",
                    [Column("name", "Учитель"), Column("lessons", "Проведено уроков", "int"),
                     Column("marks", "Выставлено отметок", "int"),
                     Column("absences", "Отмечено пропусков", "int"),
                     Column("comments", "Записей родителям", "int"),
                     Column("active_days", "Дней работы", "int"),
                     Column("last_entry_at", "Последняя запись")],
                    teachers),
            Section("families", "Семьи по классам",
                    [Column("class_name", "Класс"), Column("families", "Семей", "int"),
                     Column("online", "С электронным доступом", "int"),
                     Column("viewed", "Открывали дневник", "int"),
                     Column("viewed_share", "Открывали, %", "percent"),
                     Column("viewed_twice", "Не реже 2 раз", "int"),
                     Column("twice_share", "Не реже 2 раз, %", "percent"),
                     Column("printouts", "Выдано распечаток", "int")],
                    families,
                    Chart("Семьи, открывавшие дневник не реже 2 раз за неделю (R-PARENT-CHECK)",
                          "class_name", (("twice_share", "Доля семей, %"),), 100, "%")),
        ],
    )
