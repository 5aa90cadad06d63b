"""The consultation schedule (H-SCHEDULE) and the school's events, kept by the secretary."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ejsync.errors import UserError
from ejsync.staff import journal
from ejsync.staff.pages.common import (
    done,
    has_role,
    login_redirect,
    not_saved,
    read,
    refused,
    render,
    write,
)
from ejsync.store.clock import school_today

WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота")
FIELD_TITLES = {"staff_id": "кто консультирует", "room": "кабинет", "weekday": "день недели",
                "starts_at": "время начала", "ends_at": "время окончания", "topics": "вопросы",
                "date": "дата", "title": "название"}


@dataclass(frozen=True)
class Register:
    """One editable list: its table, the fields a form fills, who keeps it, its page."""

    table: str
    fields: tuple[str, ...]
    required: tuple[str, ...]
    roles: tuple[str, ...]
    template: str
    refusal: str


CONSULTATIONS = Register(
    "consultations", ("staff_id", "room", "weekday", "starts_at", "ends_at", "topics"),
    ("staff_id", "room", "weekday", "starts_at", "ends_at", "topics"),
    ("secretary", "deputy", "admin"), "ej_consultations.html",
    "H-SCHEDULE: график консультаций ведут секретарь, заместитель директора и администратор ЭЖ.")
EVENTS = Register(
    "events", ("date", "starts_at", "title", "description", "place", "class_id", "public"),
    ("date", "title"), ("secretary", "deputy", "admin", "class_teacher"), "ej_events.html",
    "События школы ведут секретарь, заместитель директора и администратор ЭЖ, события класса —"
    " его классный руководитель.")


def _values(register: Register, form: dict) -> dict:
    missing = [f for f in register.required if not form.get(f)]
    if missing:
        raise UserError("Заполните поля: " + ", ".join(FIELD_TITLES[f] for f in missing) + ".")
    values = {f: form.get(f, "") for f in register.fields}
    if "class_id" in values:
        values["class_id"] = values["class_id"] or None
    if "public" in values:
        values["public"] = 1 if form.get("public") else 0
    return values


def _save(conn, register: Register, form: dict) -> str:
    if form.get("delete"):
        conn.execute(f"DELETE FROM {register.table} WHERE id = ?", (int(form["delete"]),))
        return "Запись удалена."
    values = _values(register, form)
    conn.execute(
        f"INSERT INTO {register.table} ({', '.join(values)})"
        f" VALUES ({', '.join('?' for _ in values)})", tuple(values.values()))
    return "Запись добавлена."


def _consultations(conn) -> dict:
    return {
        "rows": journal.rows(
            conn, "SELECT c.*, s.last_name || ' ' || s.first_name || ' ' || s.middle_name AS name"
            " FROM consultations c JOIN staff s ON s.id = c.staff_id"
            " ORDER BY c.weekday, c.starts_at"),
        "staff": journal.rows(
            conn, "SELECT id, last_name || ' ' || first_name || ' ' || middle_name AS name"
            " FROM staff WHERE active = 1 ORDER BY last_name, first_name"),
        "weekdays": WEEKDAYS,
    }


def _events(conn) -> dict:
    today = school_today(conn).isoformat()
    return {
        "rows": journal.rows(
            conn, "SELECT e.*, c.name AS class_name FROM events e LEFT JOIN classes c"
            " ON c.id = e.class_id WHERE e.date >= ? ORDER BY e.date, e.starts_at", (today,)),
        "past": journal.rows(
            conn, "SELECT e.*, c.name AS class_name FROM events e LEFT JOIN classes c"
            " ON c.id = e.class_id WHERE e.date < ? ORDER BY e.date DESC LIMIT 20", (today,)),
        "classes": journal.rows(conn, "SELECT id, name FROM classes ORDER BY grade, name"),
    }


async def _register_page(datasette, request, register: Register, loader, path: str):
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, *register.roles):
        return await refused(datasette, request, register.refusal, action=register.table)
    errors: dict[str, str] = {}
    form: dict[str, str] = {}
    if request.method == "POST":
        form = {k: (v or "").strip() for k, v in (await request.post_vars()).items()}
        try:
            message = await write(datasette, request, _save, register, form)
            return await done(datasette, request, message, path)
        except (UserError, sqlite3.IntegrityError) as exc:
            errors["general"] = str(exc)
        answer = await not_saved(datasette, request, errors, action=register.table)
        if answer:
            return answer
    data = dict(await read(datasette, loader), errors=errors, form=form)
    return await render(datasette, request, register.template, data,
                        status=400 if errors else 200)


async def consultations(datasette, request):
    """The consultation schedule: who answers which topics, where and when."""
    return await _register_page(datasette, request, CONSULTATIONS, _consultations,
                                "/staff/consultations")


async def events(datasette, request):
    """The school's and classes' events, published on the site and in the diaries."""
    return await _register_page(datasette, request, EVENTS, _events, "/staff/events")
