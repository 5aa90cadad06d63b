"""What every staff page needs: the actor, rendering, database access, safe redirects."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Response

from ejsync.store.clock import school_today

DATABASE = "school"


class PageRefused(Exception):
    """The actor may not use this page; the message is Russian."""


def db(datasette):
    """The school database of this Datasette."""
    return datasette.get_database(DATABASE)


def db_path(datasette) -> str:
    """The file of the school database."""
    return db(datasette).path


async def read(datasette, fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn(conn, *args)` on one of Datasette's read connections."""
    return await db(datasette).execute_fn(lambda conn: fn(conn, *args))


async def write(datasette, request, fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn(conn, *args)` in one write transaction, with the writer named to the triggers."""
    return await db(datasette).execute_write_fn(lambda conn: fn(conn, *args), request=request)


def login_redirect(request) -> Response:
    """Send an anonymous visitor to the login page, coming back here afterwards."""
    return Response.redirect("/staff/login?next=" + quote(request.full_path, safe="/"))


def has_role(actor: dict | None, *roles: str) -> bool:
    """Whether the actor holds any of `roles` (read from the database on this request)."""
    return bool(actor) and bool(set(actor.get("roles", [])) & set(roles))


def safe_next(target: str | None) -> str:
    """A local path to go to after login (never another site)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff/today"


def form_token() -> str:
    """A one-time token for a form: the same form sent twice is saved once."""
    return secrets.token_urlsafe(16)


async def day_param(datasette, request, name: str = "date") -> date:
    """A date from the query string, or today in the school's timezone (settings.timezone)."""
    value = request.args.get(name)
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return await read(datasette, school_today)


async def render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    """Render one of our templates (site_templates/staff/) inside Datasette's layout."""
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


def refused(datasette, request, message: str):
    """A Russian 403 page."""
    return render(datasette, request, "ej_forbidden.html", {"message": message}, status=403)
