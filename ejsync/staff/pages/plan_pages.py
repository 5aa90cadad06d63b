"""The calendar-thematic plan (КТП, R-KTP-HOURS): a teacher keeps the plan of their own load,
the deputy any; the store checks the rights by row."""

from __future__ import annotations

import sqlite3

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

NO_LOAD = "R-KTP-HOURS: у вас нет нагрузки (тарификации): планировать нечего."
YEAR = "(SELECT id FROM academic_years ORDER BY starts_on DESC LIMIT 1)"


def _loads(conn, staff_id: int, everyone: bool) -> list[dict]:
    """The class × subgroup × subject units whose plan the actor keeps."""
    return journal.rows(
        conn,
        "SELECT DISTINCT a.class_id, a.subgroup_id, a.subject_id, c.name AS class_name,"
        " g.name AS subgroup_name, s.name AS subject_name,"
        " a.class_id || '-' || IFNULL(a.subgroup_id, 0) || '-' || a.subject_id AS key"
        " FROM teaching_assignments a JOIN classes c ON c.id = a.class_id"
        " JOIN subjects s ON s.id = a.subject_id LEFT JOIN subgroups g ON g.id = a.subgroup_id"
        f" WHERE c.year_id = {YEAR} AND (:everyone OR a.teacher_id = :me)"
        " ORDER BY c.grade, c.name, s.name, g.name",
        {"me": staff_id, "everyone": int(everyone)},
    )


def _plan(conn, load: dict) -> dict:
    rows = journal.rows(
        conn,
        "SELECT p.*, (SELECT COUNT(*) FROM lessons l WHERE l.plan_id = p.id) AS held"
        " FROM thematic_plan p WHERE p.class_id = ? AND p.subgroup_id IS ? AND p.subject_id = ?"
        " ORDER BY p.lesson_no",
        (load["class_id"], load["subgroup_id"], load["subject_id"]),
    )
    hours = journal.one(
        conn,
        "SELECT cu.hours_per_week FROM curriculum cu JOIN classes c ON c.year_id = cu.year_id"
        " AND c.grade = cu.grade WHERE c.id = ? AND cu.subject_id = ?",
        (load["class_id"], load["subject_id"]),
    )
    return {"rows": rows, "hours_per_week": hours["hours_per_week"] if hours else None,
            "planned": sum(r["hours"] for r in rows)}


def _fields(form: dict) -> dict:
    topic = (form.get("topic") or "").strip()
    if not topic:
        raise sqlite3.IntegrityError("R-KTP-HOURS: впишите тему урока.")
    try:
        number, hours = int(form.get("lesson_no") or 0), float(form.get("hours") or 1)
    except ValueError as exc:
        raise sqlite3.IntegrityError(
            "R-KTP-HOURS: номер урока и часы — числа (например, 12 и 1)."
        ) from exc
    if number < 1 or not 0 < hours <= 10:
        raise sqlite3.IntegrityError("R-KTP-HOURS: номер урока от 1, часов от 0,5 до 10.")
    return {"lesson_no": number, "topic": topic, "hours": hours,
            "control_type": (form.get("control_type") or "").strip()}


def _save(conn, load: dict, form: dict) -> None:
    action = form.get("action")
    if action == "delete":
        conn.execute("DELETE FROM thematic_plan WHERE id = ? AND class_id = ? AND subject_id = ?",
                     (int(form.get("row_id") or 0), load["class_id"], load["subject_id"]))
        return
    values = _fields(form)
    if action == "update":
        conn.execute(
            "UPDATE thematic_plan SET lesson_no = :lesson_no, topic = :topic, hours = :hours,"
            " control_type = :control_type WHERE id = :id AND class_id = :class_id"
            " AND subject_id = :subject_id",
            dict(values, id=int(form.get("row_id") or 0), **load),
        )
        return
    conn.execute(
        "INSERT INTO thematic_plan (class_id, subgroup_id, subject_id, lesson_no, topic, hours,"
        " control_type) VALUES (:class_id, :subgroup_id, :subject_id, :lesson_no, :topic,"
        " :hours, :control_type)",
        dict(values, **load),
    )


async def plan(datasette, request):
    """One unit's КТП with its planned hours against the curriculum; add, edit or delete rows."""
    if not request.actor:
        return login_redirect(request)
    everyone = has_role(request.actor, "deputy", "admin")
    loads = await read(datasette, _loads, request.actor["staff_id"], everyone)
    if not loads:
        return await refused(datasette, request, NO_LOAD, action="plan")
    key = request.args.get("unit") or loads[0]["key"]
    load = next((u for u in loads if u["key"] == key), None)
    if load is None:
        return await refused(datasette, request, NO_LOAD, action="plan", target=key)
    unit = {name: load[name] for name in ("class_id", "subgroup_id", "subject_id")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = dict(await request.post_vars())
        try:
            await write(datasette, request, _save, unit, form)
            return await done(datasette, request, "План сохранён.", f"/staff/plan?unit={key}")
        except (sqlite3.IntegrityError, ValueError) as exc:
            errors["plan"] = str(exc)
        answer = await not_saved(datasette, request, errors, action="plan", target=key)
        if answer:
            return answer
    context = {"loads": loads, "load": load, "errors": errors,
               **await read(datasette, _plan, unit),
               "work_types": (await read(datasette, journal.choice_lists))["work_types"]}
    return await render(datasette, request, "ej_plan.html", context,
                        status=400 if errors else 200)
