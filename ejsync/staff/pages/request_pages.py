"""A teacher asks the deputy to correct a mark already given (R-NO-CORRECTION): a request in
the support register naming the mark, which the deputy's desk lists."""

from __future__ import annotations

from ejsync.errors import UserError
from ejsync.staff import journal
from ejsync.staff.pages.common import done, login_redirect, not_saved, read, refused, render, write
from ejsync.store.clock import school_today
from ejsync.store.rights import ROLE_TITLES

MARK_SQL = (
    "SELECT m.id, m.value, m.lesson_id, st.last_name || ' ' || st.first_name AS student_name,"
    " s.name AS subject_name, c.name AS class_name, l.date, w.title AS work_title"
    " FROM marks m JOIN students st ON st.id = m.student_id JOIN subjects s ON s.id = m.subject_id"
    " LEFT JOIN lessons l ON l.id = m.lesson_id LEFT JOIN classes c ON c.id = l.class_id"
    " LEFT JOIN work_types w ON w.code = m.work_type WHERE m.id = ?"
)


def _ask(conn, actor: dict, mark: dict, value: str, reason: str) -> int:
    if not reason.strip():
        raise UserError("R-NO-CORRECTION: напишите, почему отметку нужно исправить.")
    question = (f"Прошу исправить отметку {mark['value']} → {value or '?'}: "
                f"{mark['student_name']}, {mark['class_name'] or ''}, {mark['subject_name']}"
                f"{', урок ' + mark['date'] if mark['date'] else ''}. Причина: {reason.strip()}")
    roles = ", ".join(ROLE_TITLES[r] for r in actor.get("roles", []) if r in ROLE_TITLES)
    cursor = conn.execute(
        "INSERT INTO support_requests (asked_on, asked_by, role, login, question, recorded_by,"
        " mark_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (school_today(conn).isoformat(), actor.get("name", ""), roles, actor.get("login", ""),
         question, actor["staff_id"], mark["id"]))
    return cursor.lastrowid


async def correction_request(datasette, request):
    """The mark, the value wanted and a reason; sent to the deputy's desk."""
    if not request.actor:
        return login_redirect(request)
    mark_id = int(request.args.get("mark") or 0) if (request.args.get("mark") or "").isdigit() \
        else 0
    mark = await read(datasette, journal.one, MARK_SQL, (mark_id,)) if mark_id else None
    if mark is None:
        return await refused(datasette, request, "Такой отметки нет в журнале.")
    value = (request.args.get("value") or "").strip()[:4]
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.post_vars()
        try:
            await write(datasette, request, _ask, request.actor, mark,
                        (form.get("value") or value).strip()[:4], form.get("reason") or "")
            target = f"/staff/lesson/{mark['lesson_id']}" if mark["lesson_id"] else "/staff/"
            return await done(datasette, request, "Просьба об исправлении отправлена "
                              "заместителю директора: она видна на его рабочем столе.", target)
        except UserError as exc:
            errors["reason"] = str(exc)
        answer = await not_saved(datasette, request, errors, action="correction-request",
                                 target=str(mark_id))
        if answer:
            return answer
    return await render(datasette, request, "ej_correction_request.html",
                        {"mark": mark, "value": value, "errors": errors},
                        status=400 if errors else 200)
