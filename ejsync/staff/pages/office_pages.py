"""The support register (H-REQUESTS), the admin's accounts page and personal API tokens."""

from __future__ import annotations

import sqlite3

from datasette.utils.asgi import Response

from ejsync.errors import UserError
from ejsync.staff import accounts, journal, side_db
from ejsync.staff.pages.common import (
    db_path,
    has_role,
    login_redirect,
    read,
    refused,
    render,
    write,
)
from ejsync.staff.passwords import PASSWORD_THREADS
from ejsync.staff.sessions import issue_api_token
from ejsync.store.clock import school_today
from ejsync.store.rights import ROLE_TITLES


def _requests(conn) -> list[dict]:
    return journal.rows(
        conn,
        "SELECT r.*, a.last_name || ' ' || a.first_name AS answered_name"
        " FROM support_requests r LEFT JOIN staff a ON a.id = r.answered_by"
        " ORDER BY r.answer = '' DESC, r.asked_on DESC, r.id DESC",
    )


def _add_request(conn, staff_id: int, form: dict) -> None:
    conn.execute(
        "INSERT INTO support_requests (asked_on, asked_by, role, login, question, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            form["asked_on"],
            form["asked_by"],
            form["role"],
            form["login"],
            form["question"],
            staff_id,
        ),
    )


def _answer_request(conn, request_id: int, answer: str) -> None:
    conn.execute(
        "UPDATE support_requests SET answer = ?, answered_on = ? WHERE id = ?",  # the store
        (answer, school_today(conn).isoformat(), request_id),  # stamps who answered
    )


async def support(datasette, request):
    """The register of questions and answers; admin and deputy answer them."""
    actor = request.actor
    if not actor:
        return login_redirect(request)
    today = (await read(datasette, school_today)).isoformat()
    error = None
    if request.method == "POST":
        form = {k: (v or "").strip() for k, v in (await request.post_vars()).items()}
        if form.get("answer_id"):
            if not has_role(actor, "admin", "deputy"):
                return await refused(
                    datasette,
                    request,
                    "Отвечать на обращения может "
                    "администратор ЭЖ или заместитель директора (H-REQUESTS).",
                )
            if not form.get("answer"):
                error = "H-REQUESTS: впишите ответ."
            else:
                await write(
                    datasette,
                    request,
                    _answer_request,
                    int(form["answer_id"]),
                    form["answer"],
                )
        elif not form.get("question") or not form.get("asked_by"):
            error = "H-REQUESTS: укажите, кто обратился, и суть вопроса."
        else:
            form["asked_on"] = form.get("asked_on") or today
            form.setdefault("role", "")
            form.setdefault("login", "")
            try:
                await write(datasette, request, _add_request, actor["staff_id"], form)
            except sqlite3.IntegrityError as exc:
                error = str(exc)
        if error is None:
            datasette.add_message(request, "Записано в журнал обращений.", datasette.INFO)
            return Response.redirect("/staff/support")
    rows = await read(datasette, _requests)
    roles = [ROLE_TITLES[r] for r in actor.get("roles", []) if r in ROLE_TITLES]
    return await render(
        datasette,
        request,
        "ej_support.html",
        {
            "rows": rows,
            "error": error,
            "today": today,
            "my_name": actor.get("name", ""),
            "my_role": ", ".join(roles),
            "my_login": actor.get("login", ""),
            "may_answer": has_role(actor, "admin", "deputy"),
        },
        status=400 if error else 200,
    )


async def _account_action(path: str, form: dict) -> str:
    """Do one admin action on accounts; returns the Russian result (a new password once)."""
    action = form.get("action")
    staff_id = int(form.get("staff_id") or 0)
    if action == "create":
        password = await side_db.run(
            path, accounts.create_account, staff_id, form.get("login", ""), None,
            threads=PASSWORD_THREADS,
        )
        return (
            f"Учётная запись «{form.get('login', '').strip().lower()}» создана. "
            f"Пароль (показывается один раз): {password}"
        )
    if action == "disable":
        await side_db.run(path, accounts.disable_account, staff_id)
        return "Учётная запись отключена; все её сеансы завершены."
    if action == "enable":
        await side_db.run(path, accounts.enable_account, staff_id)
        return "Учётная запись снова включена."
    if action == "reset":
        password = await side_db.run(path, accounts.reset_password, staff_id,
                                     threads=PASSWORD_THREADS)
        return f"Пароль сброшен, сеансы завершены. Новый пароль (показывается один раз): {password}"
    raise UserError("Неизвестное действие.")


def _set_role(conn, staff_id: int, role: str, grant: bool) -> str:
    """Give or take one role (the store checks that only the admin may)."""
    if role not in ROLE_TITLES:
        raise UserError("Выберите роль из списка.")
    if grant:
        conn.execute("INSERT OR IGNORE INTO staff_roles (staff_id, role) VALUES (?, ?)",
                     (staff_id, role))
        return f"Роль «{ROLE_TITLES[role]}» добавлена; она действует сразу."
    conn.execute("DELETE FROM staff_roles WHERE staff_id = ? AND role = ?", (staff_id, role))
    return f"Роль «{ROLE_TITLES[role]}» снята; это действует сразу."


async def accounts_page(datasette, request):
    """Admin: every staff member's account, and create / disable / enable / reset."""
    if not request.actor:
        return login_redirect(request)
    if not has_role(request.actor, "admin"):
        return await refused(
            datasette,
            request,
            "Учётными записями сотрудников управляет администратор ЭЖ (R-CREDENTIALS).",
        )
    path = db_path(datasette)
    result = error = None
    if request.method == "POST":
        form = dict(await request.post_vars())
        try:
            if form.get("grant") or form.get("revoke"):
                role = form.get("revoke") or form.get("role") or ""
                result = await write(datasette, request, _set_role, int(form.get("staff_id") or 0),
                                     role, not form.get("revoke"))
            else:
                result = await _account_action(path, form)
        except (UserError, sqlite3.IntegrityError) as exc:
            error = str(exc)
    staff = [dict(row) for row in await side_db.run(path, accounts.account_overview)]
    for person in staff:
        person["role_list"] = [r for r in (person["roles"] or "").split(",") if r in ROLE_TITLES]
    return await render(
        datasette,
        request,
        "ej_accounts.html",
        {"staff": staff, "result": result, "error": error, "role_titles": ROLE_TITLES},
        status=400 if error else 200,
    )


async def token_page(datasette, request):
    """A personal API token for the JSON write API, shown once."""
    if not request.actor:
        return login_redirect(request)
    token = None
    if request.method == "POST":
        token = await side_db.run(db_path(datasette), issue_api_token, request.actor["staff_id"])
    return await render(datasette, request, "ej_token.html", {"token": token})
