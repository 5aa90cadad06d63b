"""«Сообщения»: the staff side of the threads with families (R-CORRESPONDENCE): the list with
unread counts, a thread with replies, withdrawals and attachments, and a new thread."""

from __future__ import annotations

from urllib.parse import quote

from datasette.utils.asgi import Response

from ejsync.messages import attachments, threads
from ejsync.messages.attachments import AttachmentRefused, Upload
from ejsync.messages.directory import staff_kinds, staff_students
from ejsync.messages.threads import MessageRefused, Viewer
from ejsync.staff import side_db
from ejsync.staff.pages.common import db_path, done, login_redirect, not_saved, refused, render

NOT_YOURS = ("R-CORRESPONDENCE: такой переписки нет или она вас не касается (переписку видят"
             " семья, классный руководитель, учитель, которому она адресована, и администрация"
             " для интернет-приёмной).")
MAX_UPLOAD = attachments.MAX_BYTES + 1024 * 1024  # larger files get the Russian refusal below


async def _form(request) -> tuple[dict[str, str], list[Upload]]:
    """The posted fields and files (multipart or urlencoded); too big is refused in Russian."""
    try:
        form = await request.form(files=True, max_file_size=MAX_UPLOAD,
                                  max_request_size=4 * MAX_UPLOAD, max_files=attachments.MAX_FILES)
    except Exception as exc:  # noqa: BLE001 - the parser's limits say it in English
        raise AttachmentRefused(
            "R-CORRESPONDENCE: файл больше 5 МБ или файлов больше трёх. Уменьшите вложения."
        ) from exc
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    uploads = []
    for value in form.getlist("files"):
        if not isinstance(value, str) and (value.filename or value.size):
            uploads.append(Upload(value.filename or "", await value.read()))
    return fields, uploads


def _store_dir(datasette):
    return attachments.attachments_dir(db_path(datasette))


async def messages_list(datasette, request):
    """The threads this staff member may see, newest first, with unread counts."""
    if not request.actor:
        return login_redirect(request)
    staff_id = request.actor["staff_id"]
    rows = await side_db.run(db_path(datasette), threads.staff_threads, staff_id)
    may_start = bool(staff_kinds(request.actor.get("roles", [])))
    return await render(datasette, request, "ej_messages.html",
                        {"threads": rows, "may_start": may_start,
                         "unread": sum(t["unread"] for t in rows)})


async def message_new(datasette, request):
    """Start a thread with a child's family (the student chosen from those one may write to)."""
    if not request.actor:
        return login_redirect(request)
    roles = set(request.actor.get("roles", []))
    kinds = staff_kinds(roles)
    if not kinds:
        return await refused(datasette, request, NOT_YOURS, action="messages:new")
    path, viewer = db_path(datasette), Viewer(staff_id=request.actor["staff_id"])
    error, values = "", {"student": request.args.get("student", "")}
    if request.method == "POST":
        try:
            values, uploads = await _form(request)
            thread_id = await side_db.run(
                path, lambda conn: threads.start_thread(
                    conn, viewer, student_id=int(values.get("student") or 0),
                    kind=values.get("kind", ""), staff_id=viewer.staff_id,
                    topic=values.get("topic", ""), body=values.get("body", ""),
                    files=attachments.check(uploads), store_dir=_store_dir(datasette)))
            return await done(datasette, request, "Сообщение отправлено.",
                              f"/staff/messages/{thread_id}", thread_id=thread_id)
        except (MessageRefused, AttachmentRefused) as exc:
            error = str(exc)
            answer = await not_saved(datasette, request, {"body": error}, action="messages:new",
                                     target=values.get("student", ""))
            if answer:
                return answer
    students = await side_db.run(path, staff_students, viewer.staff_id, roles)
    return await render(datasette, request, "ej_message_new.html",
                        {"students": students, "kinds": kinds, "error": error, "values": values},
                        status=400 if error else 200)


async def message_thread(datasette, request):
    """One thread: its messages (read now), a reply form and the withdrawal of one's own."""
    if not request.actor:
        return login_redirect(request)
    path, viewer = db_path(datasette), Viewer(staff_id=request.actor["staff_id"])
    thread_id = int(request.url_vars["thread_id"])
    found = await side_db.run(path, threads.thread, viewer, thread_id)
    if found is None:
        return await refused(datasette, request, NOT_YOURS, action="messages:open",
                             target=str(thread_id))
    error = ""
    if request.method == "POST":
        values: dict[str, str] = {}
        try:
            values, uploads = await _form(request)
            if values.get("withdraw"):
                await side_db.run(path, threads.withdraw, viewer, int(values["withdraw"]))
                message = "Сообщение отозвано; в переписке остался след об этом."
            else:
                await side_db.run(path, lambda conn: threads.post(
                    conn, viewer, thread_id, values.get("body", ""),
                    attachments.check(uploads), _store_dir(datasette)))
                message = "Сообщение отправлено."
            return await done(datasette, request, message, f"/staff/messages/{thread_id}",
                              thread_id=thread_id)
        except (MessageRefused, AttachmentRefused, ValueError) as exc:
            error = str(exc) if not isinstance(exc, ValueError) else NOT_YOURS
            answer = await not_saved(datasette, request, {"body": error},
                                     action="messages:reply", target=str(thread_id))
            if answer:
                return answer
    messages = await side_db.run(path, threads.thread_messages, viewer, thread_id)
    await side_db.run(path, threads.mark_read, viewer, thread_id)
    if "json" in (request.headers.get("accept") or ""):
        return Response.json({"ok": True, "thread": found, "messages": messages})
    return await render(datasette, request, "ej_thread.html",
                        {"thread": found, "messages": messages, "error": error},
                        status=400 if error else 200)


async def message_file(datasette, request):
    """An attachment, to the staff of its thread only."""
    if not request.actor:
        return login_redirect(request)
    path, viewer = db_path(datasette), Viewer(staff_id=request.actor["staff_id"])
    row = await side_db.run(path, threads.attachment, viewer,
                            int(request.url_vars["attachment_id"]))
    if row is None:
        return await refused(datasette, request, NOT_YOURS, action="messages:file")
    try:
        data = attachments.load(_store_dir(datasette), row["sha256"])
    except AttachmentRefused as exc:
        return await refused(datasette, request, str(exc), action="messages:file")
    return Response(data, content_type=row["content_type"], headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote(row['filename'])}",
        "cache-control": "private, no-store"})
