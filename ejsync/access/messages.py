"""The family's side of messages and e-mail in the gate: threads about its children, replies,
withdrawals, attachments, the e-mail choice with its confirmation and unsubscribe links, and
the «Выйти» page the static diary links to. Server-rendered, no JavaScript, CSRF-protected;
the store is used from worker threads so the event loop never waits on SQLite."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ejsync.access.sessions import Session
from ejsync.errors import UserError
from ejsync.family_codes import queries
from ejsync.messages import attachments, threads
from ejsync.messages.directory import addressees
from ejsync.messages.threads import Viewer
from ejsync.notify import subscriptions
from ejsync.store.background import run

MAX_BODY_BYTES = attachments.MAX_FILES * (attachments.MAX_BYTES + 64 * 1024) + 64 * 1024
TOO_BIG = ("R-CORRESPONDENCE: сообщение с файлами слишком большое: каждый файл — не больше 5 МБ,"
           " файлов не больше трёх.")
REFUSED_FORM = "Запрос отклонён: откройте страницу заново и отправьте форму ещё раз."


@dataclass(frozen=True)
class GateHooks:
    """What the family pages take from the gate: the store, sessions, CSRF, page rendering."""

    db: Path
    session: Callable[[list[tuple[bytes, bytes]]], Awaitable[Session | None]]
    csrf: Callable[[Session], str]
    page: Callable[..., HTMLResponse]
    not_found: Callable[[Request, Exception], Awaitable[Response]]


def _same_site(request: Request) -> bool:
    origin = request.headers.get("origin")
    return not origin or origin == "null" or urlsplit(origin).netloc == request.headers.get("host")


async def _post(request: Request) -> tuple[dict[str, str], list[attachments.Upload]] | None:
    """The posted fields and files; None if the form came from another site."""
    if not _same_site(request):
        return None
    if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
        raise attachments.AttachmentRefused(TOO_BIG)
    form = await request.form(max_files=attachments.MAX_FILES, max_fields=20)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    uploads = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and (item.filename or item.size):
            data = await item.read(attachments.MAX_BYTES + 1)
            uploads.append(attachments.Upload(item.filename or "", data))
    return fields, uploads


class FamilyPages:
    """The handlers; each finds the family by its gate session."""

    def __init__(self, hooks: GateHooks) -> None:
        self.hooks = hooks
        self.db = str(hooks.db)
        self.store_dir = attachments.attachments_dir(hooks.db)

    def routes(self) -> list[Route]:
        """The family pages' routes (registered once in the gate)."""
        return [
            Route("/messages", self.messages, methods=["GET", "POST"]),
            Route("/messages/{thread_id:int}", self.thread, methods=["GET", "POST"]),
            Route("/messages/file/{attachment_id:int}", self.file, methods=["GET"]),
            Route("/notify", self.notify, methods=["GET", "POST"]),
            Route("/notify/confirm", self.confirm, methods=["GET", "POST"]),
            Route("/notify/unsubscribe", self.unsubscribe, methods=["GET", "POST"]),
            Route("/logout", self.logout_page, methods=["GET"]),
        ]

    async def _session(self, request: Request) -> Session | None:
        return await self.hooks.session(request.scope["headers"])

    async def _form(self, request: Request,
                    session: Session) -> tuple[dict[str, str], list[attachments.Upload]] | None:
        """The posted fields and files; None when unreadable or the form token is not this
        session's."""
        posted = await _post(request)
        if posted is None or not hmac.compare_digest(posted[0].get("csrf", ""),
                                                     self.hooks.csrf(session)):
            return None
        return posted

    def _page(self, template: str, session: Session, status: int = 200, **context) -> Response:
        return self.hooks.page(template, status, csrf=self.hooks.csrf(session), **context)

    @staticmethod
    def _login(request: Request) -> Response:
        return RedirectResponse("/login?next=" + quote(request.url.path, safe="/"),
                                status_code=303)

    # ------------------------------------------------------------------ threads
    async def messages(self, request: Request) -> Response:
        """The family's threads and the form to write about a child."""
        session = await self._session(request)
        if session is None:
            return self._login(request)
        viewer = Viewer(family_id=session.family_id)
        error, values = "", {}
        if request.method == "POST":
            try:
                posted = await self._form(request, session)
                if posted is None:
                    return await self.hooks.not_found(request, Exception())
                values, uploads = posted
                kind, _, staff = values.get("to", "").partition(":")
                thread_id = await run(self.db, lambda conn: threads.start_thread(
                    conn, viewer, student_id=int(values.get("student") or 0), kind=kind,
                    staff_id=int(staff) if staff.isdigit() else None,
                    topic=values.get("topic", ""), body=values.get("body", ""),
                    files=attachments.check(uploads), store_dir=self.store_dir))
                return RedirectResponse(f"/messages/{thread_id}?sent=1", status_code=303)
            except (UserError, ValueError) as exc:
                error = str(exc) if isinstance(exc, UserError) else REFUSED_FORM
        listing = await run(self.db, self._listing, session.family_id)
        return self._page("access/messages.html", session, 400 if error else 200,
                          error=error, values=values, **listing)

    @staticmethod
    def _listing(conn, family_id: int) -> dict:
        children = [dict(c) for c in queries.family_children(conn, family_id)]
        for child in children:
            child["addressees"] = addressees(conn, child["id"]) if child["class_name"] else []
        return {"threads": threads.family_threads(conn, family_id), "children": children,
                "family": dict(queries.family(conn, family_id))}

    async def thread(self, request: Request) -> Response:
        """One thread of this family (404 for any other): messages, reply, withdrawal."""
        session = await self._session(request)
        if session is None:
            return self._login(request)
        viewer = Viewer(family_id=session.family_id)
        thread_id = request.path_params["thread_id"]
        found = await run(self.db, threads.thread, viewer, thread_id)
        if found is None:
            return await self.hooks.not_found(request, Exception())
        error, notice = "", ""
        if request.method == "POST":
            try:
                posted = await self._form(request, session)
                if posted is None:
                    return await self.hooks.not_found(request, Exception())
                fields, uploads = posted
                if fields.get("withdraw"):
                    await run(self.db, threads.withdraw, viewer, int(fields["withdraw"]))
                    return RedirectResponse(f"/messages/{thread_id}?withdrawn=1", status_code=303)
                await run(self.db, lambda conn: threads.post(
                    conn, viewer, thread_id, fields.get("body", ""), attachments.check(uploads),
                    self.store_dir))
                return RedirectResponse(f"/messages/{thread_id}?sent=1", status_code=303)
            except (UserError, ValueError) as exc:
                error = str(exc) if isinstance(exc, UserError) else REFUSED_FORM
        if request.query_params.get("sent") == "1":
            notice = "Сообщение отправлено."
        elif request.query_params.get("withdrawn") == "1":
            notice = "Сообщение отозвано; в переписке остался след об этом."
        messages = await run(self.db, threads.thread_messages, viewer, thread_id)
        await run(self.db, threads.mark_read, viewer, thread_id)
        return self._page("access/thread.html", session, 400 if error else 200, thread=found,
                          messages=messages, error=error, notice=notice)

    async def file(self, request: Request) -> Response:
        """An attachment, to the family of its thread only."""
        session = await self._session(request)
        if session is None:
            return self._login(request)
        viewer = Viewer(family_id=session.family_id)
        row = await run(self.db, threads.attachment, viewer, request.path_params["attachment_id"])
        if row is None:
            return await self.hooks.not_found(request, Exception())
        try:
            data = attachments.load(self.store_dir, row["sha256"])
        except attachments.AttachmentRefused:
            return await self.hooks.not_found(request, Exception())
        return Response(data, media_type=row["content_type"], headers={
            "content-disposition": f"attachment; filename*=UTF-8''{quote(row['filename'])}",
            "cache-control": "private, no-store"})

    # ------------------------------------------------------------------ e-mail
    async def notify(self, request: Request) -> Response:
        """The family's e-mail choice: an address (confirmed by a link), digest or notice."""
        session = await self._session(request)
        if session is None:
            return self._login(request)
        error, notice = "", ""
        if request.method == "POST":
            try:
                posted = await self._form(request, session)
                if posted is None:
                    return await self.hooks.not_found(request, Exception())
                fields = posted[0]
                if fields.get("action") == "stop":
                    await run(self.db, subscriptions.end_for_family, session.family_id)
                    notice = "Письма больше не будут приходить."
                else:
                    base = str(request.base_url).rstrip("/")
                    await run(self.db, subscriptions.subscribe, session.family_id,
                              fields.get("email", ""), fields.get("mode", ""), base)
                    notice = ("Мы отправили письмо со ссылкой для подтверждения. Откройте его и"
                              " перейдите по ссылке — тогда письма начнут приходить.")
            except UserError as exc:
                error = str(exc)
        current = await run(self.db, subscriptions.current, session.family_id)
        return self._page("access/notify.html", session, 400 if error else 200,
                          current=current, modes=subscriptions.MODES, error=error, notice=notice)

    async def _by_link(self, request: Request, action, done: str, gone: str) -> Response:
        """A confirmation or unsubscribe link: a button (GET), then the action (POST)."""
        token = request.query_params.get("t", "")
        if request.method == "POST":
            if not _same_site(request):
                return await self.hooks.not_found(request, Exception())
            row = await run(self.db, action, token)
            return self.hooks.page("access/notify_link.html", 200 if row else 404, csrf="",
                                   message=done if row else gone, token="", button="")
        button = ("Подтвердить адрес" if action is subscriptions.confirm
                  else "Отписаться от писем")
        return self.hooks.page("access/notify_link.html", 200, csrf="", message="",
                               token=token, button=button)

    async def confirm(self, request: Request) -> Response:
        """The link of the confirmation e-mail."""
        return await self._by_link(
            request, subscriptions.confirm, "Адрес подтверждён: письма из дневника будут"
            " приходить на него.", "Ссылка устарела: укажите адрес заново в дневнике.")

    async def unsubscribe(self, request: Request) -> Response:
        """The link in every e-mail (and the one-click unsubscribe of mail programs)."""
        return await self._by_link(
            request, subscriptions.unsubscribe, "Вы отписались: письма больше не будут"
            " приходить.", "Такой ссылки нет.")

    async def logout_page(self, request: Request) -> Response:
        """«Выйти» from a diary page: the button that ends the session."""
        session = await self._session(request)
        if session is None:
            return RedirectResponse("/login", status_code=303)
        return self._page("access/logout.html", session)


def family_routes(hooks: GateHooks) -> list[Route]:
    """The routes of the family pages for the gate's Starlette app."""
    return FamilyPages(hooks).routes()
