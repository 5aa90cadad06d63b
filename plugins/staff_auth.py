"""Datasette plugin: staff logins, the actor, the admin-only generic pages, secret tables,
security headers, and the writer of every write named to the store."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response

from ejsync.staff.stamping import WRITE_API, stamp_body
from ejsync.staff.web_auth import SECRET_TABLES, actor_for_headers, scope_headers
from ejsync.staff.web_guard import (
    ADMIN_ONLY,
    SECURITY_HEADERS,
    is_staff_path,
    russian_error,
    russian_json_body,
)
from ejsync.store.writers import Writer, clear_writer, name_writer

DATABASE = "school"
ACTOR_KEY = "ejsync_actor"


def _db_path(datasette) -> str:
    return datasette.get_database(DATABASE).path


def _is_admin(actor: dict | None) -> bool:
    return bool(actor) and "admin" in actor.get("roles", [])


@hookimpl
def actor_from_request(datasette, request):
    """The staff member of the session cookie or personal API token, roles read now."""

    async def inner():
        if ACTOR_KEY in request.scope:  # already read by the guard below for this request
            return request.scope[ACTOR_KEY]
        return await actor_for_headers(_db_path(datasette), dict(request.headers))

    return inner


def _deny_secret_reads(action, arg1, arg2, dbname, source):
    # Triggers and views of the schema may read what they need; SQL people type may not.
    if action == sqlite3.SQLITE_READ and arg1 in SECRET_TABLES and source is None:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn, database, datasette):
    """No SQL given to Datasette may read a secret table; writes commit like every writer's."""
    if database == DATABASE:
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.set_authorizer(_deny_secret_reads)


@hookimpl
def write_wrapper(datasette, database, request, transaction):
    """Name the logged-in writer to the store for the length of the write transaction."""
    if database != DATABASE or request is None:
        return None
    writer = Writer((request.actor or {}).get("staff_id") or 0, "web")

    def wrapper(conn):
        name_writer(conn, writer)
        yield
        clear_writer(conn)

    return wrapper


async def _read_body(receive) -> bytes:
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _with_headers(send, *, translate_json: bool):
    """`send` adding the security headers, and Russian errors to JSON error answers."""
    held: dict = {}

    async def guarded_send(message):
        if message["type"] == "http.response.start":
            headers = [h for h in message.get("headers", []) if h[0].lower() not in
                       {name for name, _ in SECURITY_HEADERS}]
            message = dict(message, headers=[*headers, *SECURITY_HEADERS])
            content_type = dict(message["headers"]).get(b"content-type", b"")
            if translate_json and message["status"] >= 400 and b"json" in content_type:
                held["start"], held["body"] = message, b""
                return None
            return await send(message)
        if "start" in held and message["type"] == "http.response.body":
            held["body"] += message.get("body", b"")
            if message.get("more_body"):
                return None
            body = russian_json_body(held["body"])
            start = held.pop("start")
            headers = [(k, str(len(body)).encode() if k.lower() == b"content-length" else v)
                       for k, v in start["headers"]]
            await send(dict(start, headers=headers))
            return await send({"type": "http.response.body", "body": body})
        return await send(message)

    return guarded_send


async def _refuse(scope, send, path: str) -> None:
    headers = scope_headers(scope)
    wants_json = path.endswith(".json") or "/-/" in path or "json" in headers.get("accept", "") \
        or "authorization" in headers
    if wants_json:
        response = Response.json({"ok": False, "errors": [ADMIN_ONLY]}, status=403)
    elif path == "/":
        response = Response.redirect("/staff/")
    else:
        response = Response.html(
            "<!DOCTYPE html><html lang='ru'><meta charset='utf-8'><title>Недоступно</title>"
            f"<p>{ADMIN_ONLY}</p><p><a href='/staff/'>К моим страницам</a></p></html>",
            status=403,
        )
    await response.asgi_send(send)


@hookimpl
def asgi_wrapper(datasette):
    """Datasette's own pages and API for the admin only; the admin's write-API bodies get
    their who/when columns from the server; every answer gets the security headers."""

    def wrap(app):
        async def guarded_app(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            path = scope.get("path", "")
            actor = await actor_for_headers(_db_path(datasette), scope_headers(scope))
            scope = dict(scope, **{ACTOR_KEY: actor})
            if actor is not None and not is_staff_path(path) and not _is_admin(actor):
                return await _refuse(scope, send, path)
            send = _with_headers(send, translate_json=not is_staff_path(path))
            if actor is not None and scope.get("method") == "POST" and WRITE_API.match(path):
                body = stamp_body(path, await _read_body(receive), actor["staff_id"])
                headers = [
                    (k, str(len(body)).encode() if k.lower() == b"content-length" else v)
                    for k, v in scope.get("headers", [])
                ]
                return await app(dict(scope, headers=headers), _replay(body, receive), send)
            return await app(scope, receive, send)

        return guarded_app

    return wrap


@hookimpl
def forbidden(datasette, request, message):
    """Anonymous visitors go to the login page; staff see a Russian explanation."""

    async def inner():
        wants_json = (
            request.path.endswith(".json")
            or "/-/" in request.path
            or "json" in (request.headers.get("accept") or "")
            or "json" in (request.headers.get("content-type") or "")
            or "authorization" in request.headers
        )
        if request.actor is None and not wants_json:
            target = request.full_path if request.method == "GET" else "/staff/"
            return Response.redirect("/staff/login?next=" + quote(target, safe="/"))
        if request.actor is None:
            error = "Войдите в журнал (/staff/login) или передайте действующий личный API-токен."
            return Response.json({"ok": False, "errors": [error]}, status=401)
        text = russian_error(message) if not message.startswith(("view", "execute")) \
            else ADMIN_ONLY
        if wants_json:
            return Response.json({"ok": False, "errors": [text]}, status=403)
        html = await datasette.render_template(
            "ej_forbidden.html", {"message": text}, request=request
        )
        return Response.html(html, status=403)

    return inner
