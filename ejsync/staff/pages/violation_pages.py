"""Open violations of the regulations for the administration (REP-CONTROL, issue 4's checks)."""

from __future__ import annotations

from ejsync.staff import journal
from ejsync.staff.pages.common import has_role, login_redirect, read, refused, render

REFUSAL = (
    "R-TEACHER-RIGHTS: нарушения всей школы видят заместитель директора, директор и"
    " администратор; свои нарушения учитель видит на странице «Мои уроки»."
)
FILTERS = ("rule", "class_id", "responsible_id", "record_id")


def _violations(conn, filters: dict[str, str]) -> dict:
    where = " AND ".join(f"{name} = :{name}" for name in filters) or "1"
    return {
        "rows": journal.rows(
            conn, f"SELECT * FROM open_violations WHERE {where} ORDER BY rule, class_name,"
            " found_at LIMIT 500", filters),
        "by_rule": journal.rows(
            conn, "SELECT rule, COUNT(*) AS n FROM open_violations GROUP BY rule ORDER BY rule"),
    }


async def violations(datasette, request):
    """Open violations, filtered by rule, class, teacher or record; counts by rule."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "deputy", "director", "admin"):
        return await refused(datasette, request, REFUSAL)
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    context = dict(await read(datasette, _violations, filters), filters=filters)
    return await render(datasette, request, "ej_violations.html", context)
