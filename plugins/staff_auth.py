"""Datasette plugin: staff logins, the actor, secret tables, and who-wrote stamping."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response

from ejsync.staff.stamping import WRITE_API, stamp_body
from ejsync.staff.web_auth import (
    SECRET_TABLES,
    actor_for_headers,
    scope_headers,
)

DATABASE = "school"


def _db_path(datasette) -> str:
    return datasette.get_database(DATABASE).path


@hookimpl
def actor_from_request(datasette, request):
    """The staff member of the session cookie or personal API token, roles read now."""

    async def inner():
        return await actor_for_headers(_db_path(datasette), dict(request.headers))

    return inner


def _deny_secret_reads(action, arg1, arg2, dbname, source):
    if action == sqlite3.SQLITE_READ and arg1 in SECRET_TABLES:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn, database, datasette):
    """No connection Datasette owns may read a secret table, whatever SQL it is given.

    Writes commit with synchronous=NORMAL under WAL, as every other ejsync writer does."""
    if database == DATABASE:
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.set_authorizer(_deny_secret_reads)


@hookimpl
def write_wrapper(datasette, database, request, transaction):
    """Name the logged-in writer to the triggers for the length of the write transaction."""
    if database != DATABASE or request is None:
        return None
    staff_id = (request.actor or {}).get("staff_id") or 0

    def wrapper(conn):
        conn.execute(
            "INSERT OR REPLACE INTO write_context (id, staff_id) VALUES (1, ?)", (staff_id,)
        )
        yield
        conn.execute("DELETE FROM write_context")

    return wrapper


@hookimpl
def asgi_wrapper(datasette):
    """Overwrite author columns of JSON write-API bodies with the logged-in staff member."""

    def wrap(app):
        async def stamped_app(scope, receive, send):
            path = scope.get("path", "")
            if (
                scope["type"] != "http"
                or scope.get("method") != "POST"
                or not WRITE_API.match(path)
            ):
                return await app(scope, receive, send)
            actor = await actor_for_headers(_db_path(datasette), scope_headers(scope))
            if actor is None:
                return await app(scope, receive, send)
            body = b""
            more = True
            while more:
                message = await receive()
                body += message.get("body", b"")
                more = message.get("more_body", False)
            body = stamp_body(path, body, actor["staff_id"])
            headers = [
                (k, str(len(body)).encode() if k.lower() == b"content-length" else v)
                for k, v in scope.get("headers", [])
            ]
            sent = False

            async def replay():
                nonlocal sent
                if sent:
                    return await receive()
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            return await app(dict(scope, headers=headers), replay, send)

        return stamped_app

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
            target = request.full_path if request.method == "GET" else "/staff/today"
            return Response.redirect("/staff/login?next=" + quote(target, safe="/"))
        if request.actor is None:
            error = "Войдите в журнал (/staff/login) или передайте действующий личный API-токен."
            return Response.json({"ok": False, "errors": [error]}, status=401)
        if wants_json:
            return Response.json(
                {"ok": False, "errors": ["Недостаточно прав: " + message]}, status=403
            )
        html = await datasette.render_template(
            "ej_forbidden.html", {"message": message}, request=request
        )
        return Response.html(html, status=403)

    return inner
