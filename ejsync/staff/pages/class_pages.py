"""The class teacher's absence reasons and the deputy's mark correction."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from datasette.utils.asgi import Response

from ejsync.staff import journal
from ejsync.staff.pages.common import (
    day_param,
    has_role,
    login_redirect,
    read,
    refused,
    render,
    write,
)
from ejsync.store.clock import school_today

REASONS = (
    ("н", "н — причина не указана"),
    ("Б", "Б — болезнь"),
    ("У", "У — уважительная причина"),
    ("Н", "Н — неуважительная причина"),
    ("О", "О — опоздание"),
)


def _my_classes(conn, staff_id: int) -> list[dict]:
    return journal.rows(
        conn,
        "SELECT id, name FROM classes WHERE class_teacher_id = ? ORDER BY grade, name",
        (staff_id,),
    )


def _absences(conn, class_id: int, monday) -> list[dict]:
    return journal.rows(
        conn,
        "SELECT a.id, a.code, a.reason_set_at, l.date, l.slot, s.name AS subject_name,"
        " st.id AS student_id, st.last_name || ' ' || st.first_name AS student_name"
        " FROM attendance a JOIN lessons l ON l.id = a.lesson_id"
        " JOIN subjects s ON s.id = l.subject_id JOIN students st ON st.id = a.student_id"
        " WHERE l.class_id = ? AND l.date BETWEEN ? AND ?"
        " ORDER BY st.last_name, st.first_name, l.date, l.slot",
        (class_id, monday.isoformat(), (monday + timedelta(days=6)).isoformat()),
    )


def _set_reasons(conn, changes: dict[int, str]) -> None:
    errors: dict[str, str] = {}
    for attendance_id, code in changes.items():
        try:
            conn.execute(  # the store stamps who set the reason and when
                "UPDATE attendance SET code = ? WHERE id = ? AND code <> ?",
                (code, attendance_id, code),
            )
        except sqlite3.IntegrityError as exc:
            errors[f"reason_{attendance_id}"] = str(exc)
    if errors:
        raise ReasonErrors(errors)


class ReasonErrors(Exception):
    """Refused reasons by field; nothing was saved."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(fields.values()))
        self.fields = fields


async def absences(datasette, request):
    """A week of absences of the class teacher's class, with a reason select for each."""
    if not request.actor:
        return login_redirect(request)
    staff_id = request.actor["staff_id"]
    classes = await read(datasette, _my_classes, staff_id)
    if not classes:
        return await refused(
            datasette,
            request,
            "R-ABSENCE-REASON: причины пропусков ставит классный руководитель; эта страница для"
            " классного руководителя, а за вами не закреплён класс.",
        )
    class_id = int(request.args.get("class") or classes[0]["id"])
    if class_id not in {c["id"] for c in classes}:
        return await refused(
            datasette,
            request,
            "Причины пропусков ставит классный руководитель своего класса (R-ABSENCE-REASON).",
        )
    monday = journal.week_start(await day_param(datasette, request, "week"))
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = await request.post_vars()
        changes = {
            int(key.removeprefix("reason_")): value
            for key, value in form.items()
            if key.startswith("reason_")
        }
        try:
            await write(datasette, request, _set_reasons, changes)
            datasette.add_message(request, "Причины пропусков сохранены.", datasette.INFO)
            return Response.redirect(f"/staff/absences?class={class_id}&week={monday}")
        except ReasonErrors as exc:
            errors, status = exc.fields, 400
    rows = await read(datasette, _absences, class_id, monday)
    return await render(
        datasette,
        request,
        "ej_absences.html",
        {
            "classes": classes,
            "class_id": class_id,
            "rows": rows,
            "reasons": REASONS,
            "monday": monday,
            "errors": errors,
            "prev_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7),
        },
        status=status,
    )


def _mark(conn, mark_id: int) -> dict | None:
    return journal.one(
        conn,
        "SELECT m.*, st.last_name || ' ' || st.first_name AS student_name, s.name AS subject_name,"
        " l.date, c.name AS class_name, c.id AS class_id, w.title AS work_title,"
        " EXISTS (SELECT 1 FROM marks n WHERE n.corrects_id = m.id) AS corrected"
        " FROM marks m JOIN students st ON st.id = m.student_id"
        " JOIN subjects s ON s.id = m.subject_id"
        " LEFT JOIN lessons l ON l.id = m.lesson_id LEFT JOIN classes c ON c.id = l.class_id"
        " LEFT JOIN work_types w ON w.code = m.work_type WHERE m.id = ?",
        (mark_id,),
    )


def _correct(conn, staff_id: int, mark: dict, value: str, reason: str,
             request_id: int | None = None) -> int:
    """The correcting row; a teacher's request for it (if any) is answered in the same write."""
    cursor = conn.execute(
        "INSERT INTO marks (student_id, subject_id, kind, lesson_id, period_id, value, work_type,"
        " corrects_id, correction_reason, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            mark["student_id"],
            mark["subject_id"],
            mark["kind"],
            mark["lesson_id"],
            mark["period_id"],
            value,
            mark["work_type"],
            mark["id"],
            reason,
            staff_id,
        ),
    )
    if request_id:
        conn.execute(  # the store stamps who answered
            "UPDATE support_requests SET answer = ?, answered_on = ? WHERE id = ?"
            " AND mark_id = ? AND answer = ''",
            (f"Исправлено: {mark['value']} → {value}. Причина: {reason}",
             school_today(conn).isoformat(), request_id, mark["id"]),
        )
    return cursor.lastrowid


async def correction(datasette, request):
    """Deputy/admin: correct a mark by a new row with a reason (R-NO-CORRECTION)."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "deputy", "admin"):
        return await refused(
            datasette,
            request,
            "Исправлять отметки может только заместитель "
            "директора или администратор (R-NO-CORRECTION).",
        )
    mark_id = int(request.args.get("mark") or 0)
    mark = await read(datasette, _mark, mark_id) if mark_id else None
    error = None
    if request.method == "POST" and mark:
        form = await request.post_vars()
        try:
            await write(
                datasette,
                request,
                _correct,
                request.actor["staff_id"],
                mark,
                (form.get("value") or "").strip(),
                (form.get("reason") or "").strip(),
                int(request.args.get("request") or 0) or None,
            )
            datasette.add_message(
                request, "Исправление записано новой строкой с причиной.", datasette.INFO
            )
            target = f"/staff/lesson/{mark['lesson_id']}" if mark["lesson_id"] else "/staff/today"
            return Response.redirect(target)
        except sqlite3.IntegrityError as exc:
            error = str(exc)
    scale = (await read(datasette, journal.choice_lists))["scale"]
    return await render(
        datasette,
        request,
        "ej_correction.html",
        {"mark": mark, "mark_id": mark_id, "scale": scale, "error": error,
         "request_id": request.args.get("request") or ""},
        status=400 if error else 200,
    )
