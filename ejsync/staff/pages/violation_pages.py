"""Open violations of the regulations: the administration sees the school's, a class teacher
their class's; the deputy accepts one that cannot be fixed, with a reason (stamped, logged)."""

from __future__ import annotations

import sqlite3

from ejsync.errors import UserError
from ejsync.rules.waivers import waive
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

REFUSAL = (
    "R-TEACHER-RIGHTS: нарушения всей школы видят заместитель директора, директор и"
    " администратор, нарушения своего класса — классный руководитель; свои нарушения учитель"
    " видит на рабочем столе."
)
WAIVE_REFUSAL = "R-NO-CORRECTION: принять нарушение может заместитель директора или администратор."
FILTERS = ("rule", "class_id", "responsible_id", "record_id")


def _violations(conn, filters: dict[str, str], class_teacher: int | None) -> dict:
    where = [f"v.{name} = :{name}" for name in filters]
    if class_teacher is not None:
        where.append("v.class_id IN (SELECT id FROM classes WHERE class_teacher_id = :me)")
    sql_where = " AND ".join(where) or "1"
    params = dict(filters, me=class_teacher)
    return {
        "rows": journal.rows(
            conn, f"SELECT v.* FROM open_violations v WHERE {sql_where}"
            " ORDER BY v.rule, v.class_name, v.found_at LIMIT 500", params),
        "by_rule": journal.rows(
            conn, f"SELECT v.rule, COUNT(*) AS n FROM open_violations v WHERE {sql_where}"
            " GROUP BY v.rule ORDER BY v.rule", params),
    }


async def violations(datasette, request):
    """Open violations, filtered by rule, class, teacher or record; counts by rule."""
    if not request.actor:
        return login_redirect(request)
    school_wide = has_role(request.actor, "deputy", "director", "admin")
    if not school_wide and not has_role(request.actor, "class_teacher"):
        return await refused(datasette, request, REFUSAL)
    may_waive = has_role(request.actor, "deputy", "admin")
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not may_waive:
            return await refused(datasette, request, WAIVE_REFUSAL, action="waive")
        form = await request.post_vars()
        target = form.get("violation_id") or ""
        try:
            rule = await write(datasette, request, waive, int(target or 0),
                               request.actor["staff_id"], form.get("reason") or "")
            return await done(datasette, request, f"Нарушение № {target} ({rule}) принято и"
                              " закрыто; причина записана.", request.full_path,
                              violation_id=int(target))
        except (UserError, sqlite3.IntegrityError) as exc:
            errors[f"reason_{target}"] = str(exc)
        answer = await not_saved(datasette, request, errors, action="waive", target=target)
        if answer:
            return answer
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    mine = None if school_wide else request.actor["staff_id"]
    context = dict(await read(datasette, _violations, filters, mine), filters=filters,
                   may_waive=may_waive, errors=errors)
    return await render(datasette, request, "ej_violations.html", context,
                        status=400 if errors else 200)
