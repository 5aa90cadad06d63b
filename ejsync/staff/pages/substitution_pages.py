"""The deputy records substitutions for a date and a timetable slot (R-TEACHER-RIGHTS)."""

from __future__ import annotations

import sqlite3

from ejsync.staff import journal
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

REFUSAL = (
    "R-TEACHER-RIGHTS: замены записывает заместитель директора (или администратор ЭЖ)."
    " Если вы провели урок коллеги, сообщите заместителю директора."
)


def _day_slots(conn, day) -> list[dict]:
    return journal.rows(
        conn,
        "SELECT t.id AS timetable_id, t.slot, c.name AS class_name, s.name AS subject_name,"
        " g.name AS subgroup_name, st.last_name || ' ' || st.first_name AS teacher_name,"
        " su.id AS substitution_id, sb.last_name || ' ' || sb.first_name AS substitute_name,"
        " su.reason"
        " FROM timetable t JOIN classes c ON c.id = t.class_id"
        " JOIN subjects s ON s.id = t.subject_id LEFT JOIN subgroups g ON g.id = t.subgroup_id"
        " JOIN staff st ON st.id = t.teacher_id"
        " LEFT JOIN substitutions su ON su.date = :day AND su.slot = t.slot"
        "  AND su.class_id = t.class_id AND su.subgroup_id IS t.subgroup_id"
        "  AND su.cancelled_at IS NULL"
        " LEFT JOIN staff sb ON sb.id = su.substitute_id"
        " WHERE t.weekday = :weekday AND t.valid_from <= :day"
        "  AND (t.valid_to IS NULL OR t.valid_to >= :day)"
        " ORDER BY t.slot, c.grade, c.name, g.name",
        {"day": day.isoformat(), "weekday": day.isoweekday()},
    )


def _teachers(conn) -> list[dict]:
    return journal.rows(
        conn,
        "SELECT s.id, s.last_name || ' ' || s.first_name || ' ' || s.middle_name AS name"
        " FROM staff s JOIN staff_roles r ON r.staff_id = s.id AND r.role = 'teacher'"
        " WHERE s.active = 1 ORDER BY s.last_name, s.first_name",
    )


def _record(conn, staff_id: int, day: str, timetable_id: int, substitute_id: int, reason: str):
    slot = journal.one(conn, "SELECT * FROM timetable WHERE id = ?", (timetable_id,))
    if slot is None:
        raise sqlite3.IntegrityError("R-TEACHER-RIGHTS: такого урока в расписании нет.")
    cursor = conn.execute(
        "INSERT INTO substitutions (date, slot, class_id, subgroup_id, subject_id,"
        " absent_teacher_id, substitute_id, reason, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (day, slot["slot"], slot["class_id"], slot["subgroup_id"], slot["subject_id"],
         slot["teacher_id"], substitute_id, reason, staff_id),
    )
    return cursor.lastrowid


def _cancel(conn, staff_id: int, substitution_id: int) -> None:
    conn.execute(
        "UPDATE substitutions SET cancelled_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
        " cancelled_by = ? WHERE id = ? AND cancelled_at IS NULL",
        (staff_id, substitution_id),
    )


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


async def substitutions(datasette, request):
    """The day's timetable with its substitutions; record or cancel one (stamped, logged)."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "deputy", "admin"):
        return await refused(datasette, request, REFUSAL, action="substitution")
    day = await day_param(datasette, request)
    staff_id = request.actor["staff_id"]
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.post_vars()
        try:
            if form.get("cancel"):
                await write(datasette, request, _cancel, staff_id, _int(form["cancel"]))
                return await done(datasette, request, "Замена отменена.",
                                  f"/staff/substitutions?date={day}")
            timetable_id, substitute_id = _int(form.get("timetable_id")), \
                _int(form.get("substitute_id"))
            if not substitute_id:
                errors["substitute_id"] = "R-TEACHER-RIGHTS: выберите, кто заменяет урок."
            else:
                new_id = await write(datasette, request, _record, staff_id, day.isoformat(),
                                     timetable_id, substitute_id,
                                     (form.get("reason") or "").strip())
                return await done(datasette, request, "Замена записана.",
                                  f"/staff/substitutions?date={day}", substitution_id=new_id)
        except sqlite3.IntegrityError as exc:
            errors["substitute_id"] = str(exc)
        answer = await not_saved(datasette, request, errors, action="substitution",
                                 target=f"{day} timetable {form.get('timetable_id', '')}")
        if answer:
            return answer
    context = {
        "day": day,
        "slots": await read(datasette, _day_slots, day),
        "teachers": await read(datasette, _teachers),
        "errors": errors,
    }
    return await render(datasette, request, "ej_substitutions.html", context,
                        status=400 if errors else 200)
