"""Login and logout pages."""

from __future__ import annotations

from datasette.utils.asgi import Response

from ejsync.staff import side_db
from ejsync.staff.accounts import LoginRefused, authenticate
from ejsync.staff.pages.common import db_path, render, safe_next
from ejsync.staff.passwords import PASSWORD_THREADS
from ejsync.staff.sessions import end_session, start_session
from ejsync.staff.web_auth import (
    clear_cookie,
    served_over_https,
    session_cookie,
    token_from_headers,
)


def _remote(request) -> str:
    client = request.scope.get("client")
    return client[0] if client else ""


async def login(datasette, request):
    """GET: the login form; POST: check the password, start a session, go on."""
    context = {"next": safe_next(request.args.get("next")), "login": "", "error": None}
    if request.method == "POST":
        form = await request.post_vars()
        context.update(next=safe_next(form.get("next")), login=form.get("login", ""))
        path = db_path(datasette)
        try:
            staff_id = await side_db.run(
                path,
                authenticate,
                form.get("login", ""),
                form.get("password", ""),
                _remote(request),
                threads=PASSWORD_THREADS,
            )
        except LoginRefused as exc:
            context["error"] = str(exc)
            return await render(datasette, request, "ej_login.html", context, status=401)
        token = await side_db.run(path, start_session, staff_id, _remote(request))
        response = Response.redirect(context["next"])
        secure = served_over_https(request.scheme, _remote(request), dict(request.headers))
        response.headers["set-cookie"] = session_cookie(token, secure=secure)
        return response
    if request.actor:
        return Response.redirect(context["next"])
    return await render(datasette, request, "ej_login.html", context)


async def logout(datasette, request):
    """End the session (POST) and return to the login page."""
    if request.method == "POST":
        token = token_from_headers(dict(request.headers))
        if token:
            await side_db.run(db_path(datasette), end_session, token)
    response = Response.redirect("/staff/login")
    response.headers["set-cookie"] = clear_cookie()
    return response
