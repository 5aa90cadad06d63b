"""The secretary's student movements: enrol, transfer between classes or subgroups, leave."""

from __future__ import annotations

import sqlite3

from ejsync.errors import UserError
from ejsync.staff import journal, movements
from ejsync.staff.pages.common import (
    day_param,
    done,
    has_role,
    login_redirect,
    not_saved,
    read,
    refused,
    render,
    write,
)

REFUSAL = ("R-CLASS-LIST: зачисление, перевод и выбытие учеников оформляет секретарь"
           " (или администратор ЭЖ).")


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


def _class_page(conn, class_id: int, day) -> dict:
    classes = journal.rows(conn, "SELECT id, name FROM classes ORDER BY grade, name")
    class_id = class_id or (classes[0]["id"] if classes else 0)
    students = journal.rows(
        conn, "SELECT st.id, st.last_name || ' ' || st.first_name || ' ' || st.middle_name AS name,"
        " e.from_date, (SELECT group_concat(g.name || ' (' || s.short_name || ')', ', ')"
        "  FROM subgroup_members m JOIN subgroups g ON g.id = m.subgroup_id"
        "  JOIN subjects s ON s.id = g.subject_id WHERE m.student_id = st.id"
        "  AND m.from_date <= :day AND (m.to_date IS NULL OR m.to_date >= :day)) AS groups"
        " FROM enrollments e JOIN students st ON st.id = e.student_id WHERE e.class_id = :class"
        " AND e.from_date <= :day AND (e.to_date IS NULL OR e.to_date >= :day)"
        " ORDER BY st.last_name, st.first_name",
        {"class": class_id, "day": day.isoformat()})
    subgroups = journal.rows(
        conn, "SELECT g.id, g.name || ' — ' || s.name AS title FROM subgroups g"
        " JOIN subjects s ON s.id = g.subject_id WHERE g.class_id = ? ORDER BY s.name, g.name",
        (class_id,))
    return {"classes": classes, "class_id": class_id, "students": students,
            "subgroups": subgroups}


def _apply(conn, form: dict, class_id: int) -> str:
    action = form.get("action")
    student = _int(form.get("student_id"))
    if action == "enrol":
        first = movements.parse_date(form.get("date", ""), "дату зачисления")
        movements.enrol(conn, form, class_id, first)
        return f"{form['last_name']} {form['first_name']} зачислен(а) с {first:%d.%m.%Y}."
    if not student:
        raise UserError("R-CLASS-LIST: выберите ученика.")
    if action == "transfer":
        first = movements.parse_date(form.get("date", ""), "первый день в новом классе")
        old = movements.transfer(conn, student, _int(form.get("to_class")), first)
        return f"Ученик переведён из {old} с {first:%d.%m.%Y}."
    if action == "subgroup":
        first = movements.parse_date(form.get("date", ""), "первый день в подгруппе")
        movements.change_subgroup(conn, student, _int(form.get("subgroup_id")), first)
        return f"Ученик переведён в другую подгруппу с {first:%d.%m.%Y}."
    if action == "leave":
        last = movements.parse_date(form.get("date", ""), "последний день в школе")
        name = movements.leave(conn, student, last)
        return f"Выбытие из {name} записано: последний день — {last:%d.%m.%Y}."
    raise UserError("Неизвестное действие.")


async def movements_page(datasette, request):
    """A class's students today and the four movements, each written in one transaction."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "secretary", "admin"):
        return await refused(datasette, request, REFUSAL, action="movement")
    day = await day_param(datasette, request)
    class_id = _int(request.args.get("class"))
    errors: dict[str, str] = {}
    form: dict[str, str] = {}
    if request.method == "POST":
        form = {k: (v or "").strip() for k, v in (await request.post_vars()).items()}
        try:
            message = await write(datasette, request, _apply, form, class_id)
            return await done(datasette, request, message, request.full_path)
        except (UserError, sqlite3.IntegrityError) as exc:
            errors[form.get("action") or "general"] = str(exc)
        answer = await not_saved(datasette, request, errors, action="movement",
                                 target=form.get("student_id", ""))
        if answer:
            return answer
    data = await read(datasette, _class_page, class_id, day)
    data.update(day=day, errors=errors, form=form)
    return await render(datasette, request, "ej_movements.html", data,
                        status=400 if errors else 200)
