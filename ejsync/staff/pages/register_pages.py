"""The secretary registers the signed paper copy of an edition (P-SIGNATURES): who and when
are stamped by the store; the register only grows."""

from __future__ import annotations

from ejsync.errors import UserError
from ejsync.printing.archive import register_in
from ejsync.staff import journal
from ejsync.staff.pages.common import (
    done,
    has_role,
    login_redirect,
    not_saved,
    read,
    refused,
    render,
    write,
)

REFUSAL = "P-SIGNATURES: бумажные копии изданий регистрирует секретарь (или администратор ЭЖ)."


def _register(conn) -> dict:
    return {
        "rows": journal.rows(conn, "SELECT * FROM archive_register ORDER BY edition_id DESC"),
        "backups": journal.rows(conn, "SELECT * FROM backup_log ORDER BY id DESC LIMIT 50"),
    }


async def register(datasette, request):
    """The register of editions; POST gives one edition its register number."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "secretary", "admin"):
        return await refused(datasette, request, REFUSAL, action="register")
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.post_vars()
        edition = form.get("edition_id") or ""
        try:
            if not edition.isdigit():
                raise UserError("P-SIGNATURES: выберите издание из реестра.")
            number = await write(datasette, request, register_in, int(edition),
                                 request.actor["staff_id"])
            return await done(datasette, request,
                              f"Издание № {edition} зарегистрировано под номером {number}.",
                              "/staff/register", register_no=number)
        except UserError as exc:
            errors["edition_id"] = str(exc)
        answer = await not_saved(datasette, request, errors, action="register", target=edition)
        if answer:
            return answer
    context = dict(await read(datasette, _register), errors=errors)
    return await render(datasette, request, "ej_register.html", context,
                        status=400 if errors else 200)
