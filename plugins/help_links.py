"""Datasette plugin: `/help/<guide>` sends staff to that guide on the school site."""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response

from ejsync.content import NO_HELP, WEBSITE_SQL, help_redirect_url
from ejsync.staff.help import table_help_url


async def help_page(datasette, request):
    """Redirect to the guide; the browser keeps the #task anchor of the "?" link."""
    row = (await datasette.get_database("school").execute(WEBSITE_SQL)).first()
    target = help_redirect_url(row[0] if row else "", request.url_vars["guide"])
    if target is None:
        return Response.text(NO_HELP, status=404)
    return Response.redirect(target)


@hookimpl
def register_routes(datasette):
    """The help links of every staff page."""
    return [(r"^/help/(?P<guide>[a-z-]*)$", help_page)]


@hookimpl
def extra_template_vars():
    """`table_help_url(table)` for the «?» on the table and row pages."""
    return {"table_help_url": table_help_url}
