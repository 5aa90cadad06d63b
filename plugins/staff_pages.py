"""Datasette plugin: the staff pages (login, «Мои уроки», lesson, absences, corrections…)."""

from __future__ import annotations

from datasette import hookimpl

from ejsync.render import plural, ru_date, ru_datetime
from ejsync.staff.filters_ru import describe_filters, lookup_title
from ejsync.staff.help import help_url
from ejsync.staff.labels import column_label, column_labels, table_label
from ejsync.staff.pages import ROUTES


@hookimpl
def register_routes(datasette):
    """The staff pages, all under /staff/."""
    return ROUTES


@hookimpl
def extra_template_vars(datasette, request):
    """`help_url(task)` for the "?" links next to every form."""
    return {"help_url": help_url}


@hookimpl
def prepare_jinja2_environment(env, datasette):
    """The project's Russian helpers in our templates: dates, plurals, table filters."""
    env.filters.update(ru_date=ru_date, ru_datetime=ru_datetime)
    env.globals.update(plural=plural, lookup_title=lookup_title, describe_filters=describe_filters,
                       table_label=table_label, column_label=column_label,
                       column_labels=column_labels)


# (label, href, roles that see it; None = everyone), in menu order.
MENU = (
    ("Рабочий стол", "/staff/", None),
    ("Мои уроки", "/staff/today", {"teacher"}),
    ("Мои замены", "/staff/substitute", {"teacher"}),
    ("Тематическое планирование", "/staff/plan", {"teacher", "deputy", "admin"}),
    ("Замены уроков", "/staff/substitutions", {"deputy", "admin"}),
    ("Нарушения регламента", "/staff/violations", {"deputy", "director", "admin", "class_teacher"}),
    ("Отчёты контроля", "/staff/reports", {"deputy", "director", "admin"}),
    ("Исправление отметки", "/staff/grid", {"deputy", "admin"}),
    ("Причины пропусков", "/staff/absences", {"class_teacher"}),
    ("Семьи и контакты", "/staff/families",
     {"teacher", "class_teacher", "deputy", "director", "secretary", "admin"}),
    ("Доступ семей", "/staff/family-access", {"class_teacher", "admin"}),
    ("Движение учеников", "/staff/movements", {"secretary", "admin"}),
    ("Реестр изданий", "/staff/register", {"secretary", "admin"}),
    ("График консультаций", "/staff/consultations", {"secretary", "deputy", "admin"}),
    ("События", "/staff/events", {"secretary", "deputy", "admin", "class_teacher"}),
    ("Сообщения", "/staff/messages", {"teacher", "class_teacher", "deputy", "director"}),
    ("Журнал обращений", "/staff/support", None),
    ("Учётные записи", "/staff/accounts", {"admin"}),
    ("Проверка установки", "/staff/doctor", {"admin"}),
    ("Мой API-токен", "/staff/token", None),
    ("Все таблицы", "/school", {"admin"}),
)


@hookimpl
def menu_links(datasette, actor, request):
    """The staff pages this actor's roles may use."""
    if not actor:
        return []
    roles = set(actor.get("roles", []))
    return [{"href": href, "label": label} for label, href, allowed in MENU
            if allowed is None or roles & allowed]
