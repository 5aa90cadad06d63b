"""The diary gate: TOTP login, family home, and each child's diary for its own family only.

The event loop never waits on the database: writes go through one writer thread and reads
that may wait through reader threads (`GateStore`); what every request needs (sessions in
force, token owners) is held in memory and reloaded only after another connection commits."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from ejsync.access import family_home
from ejsync.access.filecache import FileCache, safe_relative
from ejsync.access.gate_state import GateState, load_state
from ejsync.access.gate_store import GateStore
from ejsync.access.headers import NO_STORE, PAGE_HEADERS, SECURITY_HEADERS
from ejsync.access.links import DEFAULT_LINK_SECONDS, Linker, link_secret
from ejsync.access.login import attempt_login, client_subject
from ejsync.access.messages import GateHooks, family_routes
from ejsync.access.sessions import (
    COOKIE_NAME,
    DEFAULT_LIFETIME_SECONDS,
    Session,
    Signer,
    end_session,
)
from ejsync.access.viewlog import FLUSH_EVERY_SECONDS, NginxViews, ViewLog, write_views
from ejsync.config import TEMPLATES_DIR
from ejsync.content import NO_HELP, help_redirect_url, school_website
from ejsync.family_codes import queries
from ejsync.family_codes.keys import derive_key
from ejsync.keyfile import key_file_problems, load_key
from ejsync.render import environment, ru_datetime
from ejsync.store import connect, transaction
from ejsync.store.clock import school_timezone
from ejsync.web_paths import same_origin_path

log = logging.getLogger("ejsync.gate")

DIARY_PREFIX = "/diary/"
AUTH_PATH = "/_auth"
RELEASE_PATH = "/_release"  # nginx in front of object storage: which published build to serve
MAX_FORM_BYTES = 16 * 1024


@dataclass(frozen=True)
class GateConfig:
    """Where the store, the diary build and the key are; how long sessions and links live;
    the view log nginx writes for pages it serves by link cookies (None: none)."""

    db: Path
    root: Path
    key_file: Path
    session_lifetime: int = DEFAULT_LIFETIME_SECONDS
    link_lifetime: int = DEFAULT_LINK_SECONDS
    view_log: Path | None = None


def _cookie(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for header, value in headers:
        if header == b"cookie":
            for part in value.split(b";"):
                key, _, content = part.strip().partition(b"=")
                if key == name:
                    return content.decode("latin-1")
    return None


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for header, value in headers:
        if header == name:
            return value
    return None


def _secure(scope: Scope) -> bool:
    return scope.get("scheme") == "https"


def safe_next(target: str) -> str:
    """Where to go after login: only a diary path of this site, never another host."""
    path = same_origin_path(target)
    return path if path and path.startswith(DIARY_PREFIX) and "//" not in path else "/"


class Gate:
    """The ASGI app: a fast path for diary files and `/_auth`, Starlette for the pages."""

    def __init__(self, config: GateConfig) -> None:
        self.config = config
        key = load_key(config.key_file)
        for problem in key_file_problems(config.key_file):
            log.warning("key file: %s", problem)
        self._key = key
        self._signer = Signer(derive_key(key, "ejsync gate session cookie"))
        self._client_key = derive_key(key, "ejsync gate client throttle")
        self._links = Linker(link_secret(key), config.link_lifetime)
        self._store = GateStore(config.db)
        self._conn = connect(config.db)  # the loop's own: only reads that never wait
        self._conn.execute("PRAGMA busy_timeout = 0")
        self._state = load_state(self._conn)
        self._state_version = self._data_version()
        self._reloading: asyncio.Future | None = None
        self._files = FileCache(config.root)
        self._views = ViewLog()
        self._nginx_views = NginxViews(config.view_log) if config.view_log else None
        self._tz = school_timezone(self._conn)
        school = queries.school(self._conn)
        self._school_name = school["short_name"] if school else "Школа"
        self._css = (TEMPLATES_DIR / "access" / "gate.css").read_bytes()
        self._not_found = self._render("access/not_found.html").encode()
        self._app = Starlette(
            routes=[
                Route("/", self.home, methods=["GET"]),
                Route("/login", self.login_form, methods=["GET"]),
                Route("/login", self.login, methods=["POST"]),
                Route("/logout", self.logout, methods=["POST"]),
                Route("/ack", self.acknowledge, methods=["POST"]),
                Route("/_gate/gate.css", self.stylesheet, methods=["GET"]),
                Route("/help/{guide}", self.help, methods=["GET"]),
                *family_routes(GateHooks(config.db, self._session_from, self._signer.csrf_token,
                                         self._page, self.not_found)),
            ],
            exception_handlers={404: self.not_found, 405: self.not_found},
            lifespan=self._lifespan,
        )

    # ------------------------------------------------------------------ plumbing
    @contextlib.asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        async def flush_views() -> None:
            while True:
                await asyncio.sleep(FLUSH_EVERY_SECONDS)
                await self._read_nginx_views()
                await self._flush_views()

        task = asyncio.create_task(flush_views())
        log.info("gate ready: root=%s", self.config.root)
        try:
            yield
        finally:
            task.cancel()
            await self._flush_views()
            self._store.close()

    async def _read_nginx_views(self) -> None:
        """The pages nginx served by link cookies since the last read: each line whose link
        holds counts as a view of the family whose child the token is."""
        if self._nginx_views is None:
            return
        for until, digest, token, path in await asyncio.to_thread(self._nginx_views.read_new):
            owner = self._state.owners.get(token)
            page = path.lstrip("/") or "index.html"
            if owner and page.endswith(".html") and self._links.holds(token, until, digest):
                self._record_view(owner[1], owner[0], page)

    def _record_view(self, family_id: int, student_id: int, page: str) -> None:
        if self._views.record(family_id, student_id, page):
            asyncio.get_running_loop().create_task(self._flush_views())

    async def _flush_views(self) -> None:
        """Write the buffered views in the writer thread (kept for later if the store is busy)."""
        rows = self._views.take()
        if not rows:
            return
        try:
            await self._store.write(lambda conn: write_views(conn, rows))
        except sqlite3.OperationalError as exc:
            log.warning("diary views kept for the next flush (%s): %d rows", exc, len(rows))
            self._views.put_back(rows)

    def _data_version(self) -> int | None:
        try:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.OperationalError:  # never waits: a busy store keeps the state as it is
            return None

    async def _fresh_state(self) -> GateState:
        """The state, reloaded (in a reader thread) if another connection committed since."""
        version = self._data_version()
        if version is None or version == self._state_version:
            return self._state
        if self._reloading is None:
            self._reloading = asyncio.ensure_future(self._reload(version))
        await asyncio.shield(self._reloading)
        return self._state

    async def _reload(self, version: int) -> None:
        try:
            self._state = await self._store.read(load_state)
            self._state_version = version
        except sqlite3.OperationalError as exc:
            log.warning("gate state not reloaded: %s", exc)
        finally:
            self._reloading = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            if path.startswith(DIARY_PREFIX):
                await self._diary(scope, send)
                return
            if path == AUTH_PATH:
                await self._auth(scope, send)
                return
            if path == RELEASE_PATH:
                await self._send(send, 204, self._release_header(await self._fresh_state()))
                return
            send = self._with_security_headers(send)
        await self._app(scope, receive, send)

    @staticmethod
    def _with_security_headers(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *PAGE_HEADERS]
            await send(message)

        return wrapped

    async def _session_from(self, headers: list[tuple[bytes, bytes]]) -> Session | None:
        value = _cookie(headers, COOKIE_NAME.encode())
        if not value:
            return None
        session = self._signer.verify(value, time.time())
        if session is None:
            return None
        state = await self._fresh_state()
        return session if state.is_live(session) else None

    def _render(self, template: str, **context) -> str:
        return environment().get_template(template).render(school_name=self._school_name, **context)

    def _link_cookies(self, session: Session, secure: bool) -> list[bytes]:
        """Link cookies for each of the family's children (nginx serves their pages)."""
        now = time.time()
        return [cookie for token in self._state.tokens.get(session.family_id, [])
                for cookie in self._links.set_cookies(token, now, session.expires, secure)]

    # ------------------------------------------------------------------ fast path
    async def _send(
        self, send: Send, status: int, headers: Sequence[tuple[bytes, bytes]], body: bytes = b""
    ) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [*headers, *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})

    async def _send_not_found(self, send: Send, head: bool = False) -> None:
        headers = [(b"content-type", b"text/html; charset=utf-8"),
                   (b"content-length", str(len(self._not_found)).encode()), NO_STORE]
        await self._send(send, 404, headers, b"" if head else self._not_found)

    def _diary_target(self, path: str, session: Session) -> tuple[int, str, str] | None:
        """(student, token, relative page) when `path` is in this family's child's diary."""
        token, _, rest = path[len(DIARY_PREFIX):].partition("/")
        student = self._state.student_of(token, session.family_id)
        if student is None:
            return None
        if rest == "" or rest.endswith("/"):
            rest += "index.html"
        parts = rest.split("/")
        if not safe_relative(parts):
            return None
        return student, token, rest

    async def _diary(self, scope: Scope, send: Send) -> None:
        """Serve a diary file to its own family; 303 to login without a session; else 404."""
        method = scope["method"]
        head = method == "HEAD"
        if method not in ("GET", "HEAD"):
            await self._send_not_found(send)
            return
        session = await self._session_from(scope["headers"])
        path = scope["path"]
        if session is None:
            location = "/login?next=" + quote(path, safe="/")
            await self._send(send, 303, [(b"location", location.encode()), NO_STORE,
                                         (b"content-length", b"0")])
            return
        target = self._diary_target(path, session)
        if target is None:
            await self._send_not_found(send, head)
            return
        student, token, page = target
        if path.count("/") == 2:  # '/diary/<token>' without the slash: relative links need it
            location = quote(path, safe="/") + "/"
            await self._send(send, 308, [(b"location", location.encode()),
                                         (b"content-length", b"0")])
            return
        entry = self._files.get(f"{token}/{page}")
        if entry is None:
            await self._send_not_found(send, head)
            return
        if page.endswith(".html"):
            self._record_view(session.family_id, student, page)
        if _header(scope["headers"], b"if-none-match") == entry.etag:
            await self._send(send, 304, [(b"etag", entry.etag), NO_STORE])
            return
        await self._send(send, 200, entry.headers, b"" if head else entry.body)

    async def _auth(self, scope: Scope, send: Send) -> None:
        """nginx `auth_request` when a page came without a valid link cookie: 204 may see
        (with a fresh link cookie), 401 not logged in, 403 not theirs (→ 404)."""
        session = await self._session_from(scope["headers"])
        if session is None:
            await self._send(send, 401, [(b"content-length", b"0")])
            return
        raw = (_header(scope["headers"], b"x-original-uri") or b"").decode("latin-1")
        uri = unquote(raw.partition("?")[0])
        target = self._diary_target(uri, session) if uri.startswith(DIARY_PREFIX) else None
        if target is None:
            await self._send(send, 403, [(b"content-length", b"0")])
            return
        student, token, page = target
        if page.endswith(".html") and self._files.exists(f"{token}/{page}"):
            self._record_view(session.family_id, student, page)
        link, until = self._links.set_cookies(
            token, time.time(), session.expires,
            _header(scope["headers"], b"x-forwarded-proto") == b"https")
        # nginx passes one header of a name on (auth_request_set): the cookies, one a header
        await self._send(send, 204, [(b"x-ejsync-link-cookie", link),
                                     (b"x-ejsync-until-cookie", until),
                                     *self._release_header(self._state)])

    @staticmethod
    def _release_header(state: GateState) -> list[tuple[bytes, bytes]]:
        """`X-Ejsync-Release`: the build published to object storage that readers get now."""
        return [(b"x-ejsync-release", state.release.encode())] if state.release else []

    # ------------------------------------------------------------------ pages
    async def not_found(self, request: Request, exc: Exception) -> Response:
        """The one 404 page, for anything that is not there or not yours."""
        return HTMLResponse(self._not_found, status_code=404, headers={"cache-control": "no-store"})

    async def stylesheet(self, request: Request) -> Response:
        """The gate's own stylesheet (pages carry no inline styles)."""
        return Response(self._css, media_type="text/css", headers={"cache-control": "max-age=3600"})

    def _page(self, template: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(
            self._render(template, **context), status_code=status,
            headers={"cache-control": "no-store"},
        )

    def _login_page(self, status: int = 200, **context) -> HTMLResponse:
        values = {"next": "/", "login": "", "error": "", "notice": "", "locked": ""} | context
        return self._page("access/login.html", status, **values)

    async def _form(self, request: Request) -> dict[str, str] | None:
        """The urlencoded form; None if it came from another site or an opaque origin
        (`Origin: null`: a sandboxed frame or a redirect chain), is oversized, or the family
        left before sending all of it (a closed tab: nothing to answer, nothing to log)."""
        origin = request.headers.get("origin")
        if origin is not None and (origin == "null"
                                   or urlsplit(origin).netloc != request.headers.get("host")):
            return None
        body = b""
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_FORM_BYTES:
                    return None
        except ClientDisconnect:
            return None
        text = body.decode("utf-8", "replace")
        return {key: values[0] for key, values in parse_qs(text).items()}

    async def home(self, request: Request) -> Response:
        """The family home: its children, diary links and final marks to acknowledge."""
        session = await self._session_from(request.scope["headers"])
        if session is None:
            return RedirectResponse("/login", status_code=303)
        root, family_id = self.config.root, session.family_id

        def read(conn: sqlite3.Connection) -> tuple[sqlite3.Row, list[dict]]:
            return queries.family(conn, family_id), family_home.children(conn, family_id, root)

        family, children = await self._store.read(read)
        context = {
            "family_title": family["title"],
            "children": children,
            "csrf": self._signer.csrf_token(session),
            "session_ends": ru_datetime(
                datetime.fromtimestamp(session.expires, self._tz), str(self._tz)
            ),
            "notice": "Спасибо, классный руководитель увидит вашу отметку об ознакомлении."
            if request.query_params.get("ack") == "1" else "",
            "error": "",
        }
        response = self._page("access/home.html", **context)
        for link in self._link_cookies(session, request.url.scheme == "https"):
            response.raw_headers.append((b"set-cookie", link))
        return response

    async def help(self, request: Request) -> Response:
        """The family guide (and the others) on the school site; see ejsync.content."""
        website = await self._store.read(school_website)
        target = help_redirect_url(website, request.path_params["guide"])
        if target is None:
            return PlainTextResponse(NO_HELP, status_code=404)
        return RedirectResponse(target, status_code=302)

    async def login_form(self, request: Request) -> Response:
        """The login page (the home page if already logged in)."""
        if await self._session_from(request.scope["headers"]) is not None:
            return RedirectResponse("/", status_code=303)
        notice = "Вы вышли из дневника." if request.query_params.get("bye") == "1" else ""
        return self._login_page(next=safe_next(request.query_params.get("next", "/")),
                                notice=notice)

    async def login(self, request: Request) -> Response:
        """Check login and code; set the session cookie, or say why not (lock included)."""
        form = await self._form(request)
        if form is None:
            return self._login_page(403, error="Запрос отклонён. Откройте страницу входа заново.")
        login, code = form.get("login", ""), form.get("code", "")
        target = safe_next(form.get("next", "/"))
        client = client_subject(self._client_key, request.client.host if request.client else "")
        key, lifetime = self._key, self.config.session_lifetime
        try:
            result = await self._store.write(
                lambda conn: attempt_login(conn, key, login, code, client, lifetime))
        except sqlite3.OperationalError:
            log.warning("login deferred: the store is busy")
            return self._login_page(
                503, login=login, next=target,
                error="Сервер дневника сейчас занят. Подождите минуту и войдите с новым кодом.",
            )
        if result.session is not None:
            secure = request.url.scheme == "https"
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(
                COOKIE_NAME, self._signer.cookie_value(result.session),
                max_age=self.config.session_lifetime, path="/", httponly=True,
                samesite="lax", secure=secure,
            )
            for link in self._link_cookies(result.session, secure):
                response.raw_headers.append((b"set-cookie", link))
            return response
        if result.locked_until is not None:
            locked = result.locked_until.astimezone(self._tz).strftime("%H:%M")
            return self._login_page(429, login=login, next=target, locked=locked)
        return self._login_page(
            401, login=login, next=target,
            error="Неверный логин или код, либо этот код уже использован. Проверьте логин и "
            "введите новый код из приложения (он меняется каждые 30 секунд).",
        )

    def _csrf_ok(self, session: Session, form: dict[str, str] | None) -> bool:
        return form is not None and hmac.compare_digest(
            form.get("csrf", ""), self._signer.csrf_token(session)
        )

    async def logout(self, request: Request) -> Response:
        """End the session on the server, drop the cookie and the children's link cookies."""
        session = await self._session_from(request.scope["headers"])
        form = await self._form(request)
        response = RedirectResponse("/login?bye=1", status_code=303)
        if session is not None and self._csrf_ok(session, form):
            session_id = session.id

            def end(conn: sqlite3.Connection) -> None:
                with transaction(conn):
                    end_session(conn, session_id)

            await self._store.write(end)
            log.info("logout family=%s", session.family_id)
            secure = request.url.scheme == "https"
            for token in self._state.tokens.get(session.family_id, []):
                for cookie in Linker.delete_cookies(token, secure):
                    response.raw_headers.append((b"set-cookie", cookie))
        response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
        return response

    async def acknowledge(self, request: Request) -> Response:
        """Record that the family has seen a child's final marks of a period."""
        session = await self._session_from(request.scope["headers"])
        if session is None:
            return RedirectResponse("/login", status_code=303)
        form = await self._form(request)
        if not self._csrf_ok(session, form):
            return await self.not_found(request, Exception())
        student, period = form.get("student", ""), form.get("period", "")
        if not (student.isdigit() and period.isdigit()):
            return await self.not_found(request, Exception())
        family_id, message = session.family_id, form.get("message", "")

        def record(conn: sqlite3.Connection) -> bool:
            with transaction(conn):
                own = {c["id"] for c in queries.family_children(conn, family_id)}
                if int(student) not in own or not family_home.has_final_marks(
                        conn, int(student), int(period)):
                    return False
                family_home.acknowledge(conn, family_id, int(student), int(period), message)
                return True

        if not await self._store.write(record):
            return await self.not_found(request, Exception())
        log.info("acknowledged family=%s student=%s period=%s", family_id, student, period)
        return RedirectResponse("/?ack=1", status_code=303)
