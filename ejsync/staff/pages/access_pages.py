"""«Доступ семей»: the class teacher and the admin issue, reissue and revoke family codes."""

from __future__ import annotations

import sqlite3

from datasette.utils.asgi import Response

from ejsync.errors import UserError
from ejsync.family_codes import codes
from ejsync.family_codes.letter import letter_pdf
from ejsync.keyfile import key_file_path
from ejsync.staff import journal, side_db
from ejsync.staff.pages.common import db_path, has_role, login_redirect, read, refused, render
from ejsync.store import Writer

ACTIONS = ("issue", "reissue", "revoke")

CLASS_FAMILIES = """
SELECT f.id, f.title, f.login, f.electronic_access, f.declined_on,
       group_concat(s.last_name || ' ' || s.first_name, ', ') AS children,
       (SELECT a.version FROM access_codes a
        WHERE a.family_id = f.id AND a.revoked_at IS NULL) AS active_version,
       (SELECT a.issued_at FROM access_codes a
        WHERE a.family_id = f.id AND a.revoked_at IS NULL) AS issued_at,
       (SELECT MAX(g.created_at) FROM gate_sessions g WHERE g.family_id = f.id) AS last_login
FROM enrollments e JOIN students s ON s.id = e.student_id JOIN families f ON f.id = s.family_id
WHERE e.class_id = ? AND e.to_date IS NULL
GROUP BY f.id ORDER BY f.title
"""


def _classes(conn: sqlite3.Connection, staff_id: int, admin: bool) -> list[dict]:
    """All classes of the latest year for the admin; the own classes for a class teacher."""
    year = "(SELECT id FROM academic_years ORDER BY starts_on DESC LIMIT 1)"
    if admin:
        return journal.rows(
            conn, f"SELECT id, name FROM classes WHERE year_id = {year} ORDER BY grade, name"
        )
    return journal.rows(
        conn,
        f"SELECT id, name FROM classes WHERE year_id = {year} AND class_teacher_id = ?"
        " ORDER BY grade, name",
        (staff_id,),
    )


def _families(conn: sqlite3.Connection, class_id: int) -> list[dict]:
    return journal.rows(conn, CLASS_FAMILIES, (class_id,))


def _revoke(conn: sqlite3.Connection, family_id: int, by: int) -> None:
    codes.revoke(conn, family_id, writer=Writer(by, "web"))


def _issue_with_letter(conn: sqlite3.Connection, action: str, family_id: int, by: int):
    operation = codes.issue if action == "issue" else codes.reissue
    issued = operation(conn, key_file_path(), family_id, writer=Writer(by, "web"))
    return issued, letter_pdf(conn, issued)


async def family_access(datasette, request):
    """The families of a class with their code state; POST issues (a PDF letter comes back),
    reissues or revokes — R-CREDENTIALS decides who may do what."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "admin", "class_teacher"):
        return await refused(
            datasette, request,
            "Коды доступа семьям выдаёт классный руководитель, перевыпускает — администратор ЭЖ "
            "(R-CREDENTIALS).",
        )
    staff_id = request.actor["staff_id"]
    classes = await read(datasette, _classes, staff_id, has_role(request.actor, "admin"))
    if not classes:
        return await refused(datasette, request, "За вами не закреплён класс.")
    class_id = int(request.args.get("class") or classes[0]["id"])
    if class_id not in {c["id"] for c in classes}:
        return await refused(
            datasette, request, "Коды выдаются семьям только своего класса (R-CREDENTIALS)."
        )
    # Code state lives in access_codes, which Datasette's own connections may not read.
    families = await side_db.run(db_path(datasette), _families, class_id)
    error, status = "", 200
    if request.method == "POST":
        form = await request.post_vars()
        action, family = form.get("action", ""), form.get("family", "")
        if action not in ACTIONS or not family.isdigit() or int(family) not in {
            f["id"] for f in families
        }:
            return await refused(datasette, request, "Семья не из этого класса.")
        try:
            if action == "revoke":
                await side_db.run(db_path(datasette), _revoke, int(family), staff_id)
                datasette.add_message(request, "Код отозван, все входы семьи закрыты.",
                                      datasette.INFO)
                return Response.redirect(f"/staff/family-access?class={class_id}")
            issued, pdf = await side_db.run(
                db_path(datasette), _issue_with_letter, action, int(family), staff_id
            )
        except UserError as exc:
            error, status = str(exc), 400
        else:
            name = f"family-{issued.family_id}-v{issued.version}.pdf"
            return Response(
                pdf, content_type="application/pdf",
                headers={"content-disposition": f'attachment; filename="{name}"',
                         "cache-control": "no-store"},
            )
        families = await side_db.run(db_path(datasette), _families, class_id)
    return await render(
        datasette, request, "ej_family_access.html",
        {"classes": classes, "class_id": class_id, "families": families, "error": error,
         "is_admin": has_role(request.actor, "admin")},
        status=status,
    )
