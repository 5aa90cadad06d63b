"""`ejsync doctor` in the browser, for the admin."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ejsync.config import DEFAULT_ARCHIVE
from ejsync.doctor import run_checks, verdict
from ejsync.services import Layout, Ports
from ejsync.staff.pages.common import db_path, has_role, login_redirect, refused, render

REFUSAL = "Проверку установки запускает администратор ЭЖ."


def _checks(db: Path, staff_url: str) -> dict:
    ports, layout = Ports(), Layout(db)
    checks = run_checks(
        db,
        {"Каталог дневников": layout.diary, "Каталог сайта": layout.site,
         "Архив изданий": DEFAULT_ARCHIVE},
        {"Журнал для сотрудников": staff_url + "/staff/login",
         "Дневник для семей": ports.url(ports.gate) + "/login",
         "Сайт школы": ports.url(ports.site) + "/"},
    )
    line, code = verdict(checks)
    return {"checks": checks, "verdict": line, "code": code}


async def doctor(datasette, request):
    """Every check of the installation, as `ejsync doctor` prints them."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "admin"):
        return await refused(datasette, request, REFUSAL)
    own = f"{request.scheme}://{request.host}"
    data = await asyncio.to_thread(_checks, Path(db_path(datasette)), own)
    return await render(datasette, request, "ej_doctor.html", data)
