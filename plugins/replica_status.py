"""Datasette plugin: the replica's lag on every page of the administration (admin, director,
deputy), so a stopped replication is seen the same day, not after the machine is lost."""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl

from ejsync.replica.lag import desk_line

ROLES = {"admin", "director", "deputy"}


@hookimpl
def extra_template_vars(datasette, request):
    """`replica_line` (text, warn) for the page header, or nothing."""

    async def inner():
        actor = getattr(request, "actor", None) if request else None
        if not actor or not ROLES & set(actor.get("roles", [])):
            return {}
        database = datasette.get_database("school")
        line = await database.execute_fn(lambda conn: desk_line(conn, Path(database.path)))
        return {"replica_line": line}

    return inner
