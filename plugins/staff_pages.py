"""Datasette plugin: the staff pages (login, «Мои уроки», lesson, absences, corrections…)."""

from __future__ import annotations

from datasette import hookimpl

from ejsync.render import plural, ru_date, ru_datetime
from ejsync.staff.filters_ru import describe_filters, lookup_title
from ejsync.staff.help import help_url
from ejsync.staff.pages import ROUTES
from ejsync.staff.pages.message_pages import messages_menu_link


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
    env.globals.update(plural=plural, lookup_title=lookup_title, describe_filters=describe_filters)


@hookimpl
def menu_links(datasette, actor, request):
    """The staff pages this actor's roles may use."""
    if not actor:
        return []
    roles = set(actor.get("roles", []))
    links = [{"href": "/staff/today", "label": "Мои уроки"}]
    if "teacher" in roles:
        links.append({"href": "/staff/substitute", "label": "Мои замены"})
    if roles & {"teacher", "deputy", "admin"}:
        links.append({"href": "/staff/plan", "label": "Тематическое планирование"})
    if roles & {"deputy", "admin"}:
        links.append({"href": "/staff/substitutions", "label": "Замены уроков"})
    if roles & {"deputy", "director", "admin"}:
        links.append({"href": "/staff/violations", "label": "Нарушения регламента"})
    if "class_teacher" in roles:
        links.append({"href": "/staff/absences", "label": "Причины пропусков"})
    if roles & {"teacher", "class_teacher", "deputy", "director", "secretary", "admin"}:
        links.append({"href": "/staff/families", "label": "Семьи и контакты"})
    if roles & {"class_teacher", "admin"}:
        links.append({"href": "/staff/family-access", "label": "Доступ семей"})
    if roles & {"deputy", "admin"}:
        links.append({"href": "/staff/correction", "label": "Исправление отметки"})
    if roles & {"secretary", "admin"}:
        links.append({"href": "/staff/register", "label": "Реестр изданий"})
    if messages_menu_link(actor) is not None:
        links.append(messages_menu_link(actor))
    links.append({"href": "/staff/support", "label": "Журнал обращений"})
    if "admin" in roles:
        links.append({"href": "/staff/accounts", "label": "Учётные записи"})
    links.append({"href": "/staff/token", "label": "Мой API-токен"})
    if "admin" in roles:
        links.append({"href": "/school", "label": "Все таблицы"})
    return links
