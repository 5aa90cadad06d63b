"""What every staff page needs: the actor, rendering, database access, safe redirects."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Response

from ejsync.store.clock import school_today
from ejsync.web_paths import same_origin_path

DATABASE = "school"
RULE_ID = re.compile(r"^([RPH]-[A-Z0-9-]+):")


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
    """A same-origin path to go to after login, else the staff home (never another site)."""
    return same_origin_path(target) or "/staff/"


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


def wants_json(request) -> bool:
    """Whether the client (an API token, a script) asked for JSON instead of a page."""
    return "json" in (request.headers.get("accept") or "") or "authorization" in request.headers


async def refused(datasette, request, message: str, *, action: str = "", target: str = ""):
    """A Russian 403 (page or JSON); a refused POST is recorded with who and when."""
    if request.method == "POST":
        await log_refusal(datasette, request, action or request.path, target, message)
    if wants_json(request):
        return Response.json({"ok": False, "errors": [message]}, status=403)
    return await render(datasette, request, "ej_forbidden.html", {"message": message}, status=403)


def _insert_refusal(conn, staff_id: int, action: str, target: str, message: str) -> None:
    match = RULE_ID.match(message)
    conn.execute(
        "INSERT INTO refused_writes (staff_id, source, action, target, rule, message)"
        " VALUES (?, 'web', ?, ?, ?, ?)",
        (staff_id or None, action, target, match.group(1) if match else "", message),
    )


async def log_refusal(datasette, request, action: str, target: str, message: str) -> None:
    """Record a refused write: who tried what, when, and the answer they got."""
    staff_id = (request.actor or {}).get("staff_id") or 0
    if staff_id:
        await write(datasette, request, _insert_refusal, staff_id, action, target, message)


async def done(datasette, request, message: str, location: str, **data: Any) -> Response:
    """A saved action: JSON for API clients, else a flash message and a redirect."""
    if wants_json(request):
        return Response.json({"ok": True, "message": message, **data})
    datasette.add_message(request, message, datasette.INFO)
    return Response.redirect(location)


async def not_saved(
    datasette, request, errors: dict[str, str], *, action: str, target: str = ""
) -> Response | None:
    """Record a refused form; JSON clients get the errors by field, pages re-render (None)."""
    await log_refusal(datasette, request, action, target, "; ".join(errors.values()))
    if wants_json(request):
        return Response.json({"ok": False, "errors": errors}, status=400)
    return None
