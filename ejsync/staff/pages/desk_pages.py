"""The desk: the first page after login, the sections of every role the actor holds."""

from __future__ import annotations

from ejsync.staff.desks import DESK_ROLES, DeskContext, desk_roles, load_desk
from ejsync.staff.pages.common import login_redirect, read, render
from ejsync.store.clock import school_today, timezone_name


def _desk(conn, staff_id: int, roles: frozenset[str], role: str | None) -> dict:
    ctx = DeskContext(staff_id, roles, school_today(conn), timezone_name(conn))
    return {"sections": load_desk(conn, ctx, role), "today": ctx.today,
            "timezone": ctx.timezone}


async def desk(datasette, request):
    """What the actor has to do today: one desk per role, or the one chosen in the switcher."""
    if not request.actor:
        return login_redirect(request)
    roles = frozenset(request.actor.get("roles", []))
    role = request.args.get("role")
    role = role if role in DESK_ROLES and role in roles else None
    data = await read(datasette, _desk, request.actor["staff_id"], roles, role)
    data.update(desks=desk_roles(roles), role=role)
    return await render(datasette, request, "ej_desk.html", data)
