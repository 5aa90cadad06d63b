"""Who is asking: the session cookie or API token of a request, turned into an actor."""

from __future__ import annotations

import os
from http.cookies import SimpleCookie

from ejsync.staff import side_db
from ejsync.staff.sessions import API_TOKEN_PREFIX, actor_for_token

COOKIE_NAME = "ejsync_staff"
# Tables nobody may read through Datasette's connections (SQL, JSON, exports, pages).
SECRET_TABLES = frozenset({
    "staff_accounts", "staff_sessions", "access_codes", "diary_tokens", "gate_sessions",
    "lockouts", "login_attempts", "write_context",
    # correspondence and e-mail: only its parties, on their own pages (docs/messages.md)
    "message_threads", "messages", "message_attachments", "message_reads", "notify_relay",
    "notify_subscriptions", "notify_outbox",
})


def token_from_headers(headers: dict[str, str]) -> str | None:
    """The session cookie or `Authorization: Bearer ejst_…` token of a request, if any."""
    authorization = headers.get("authorization", "")
    if authorization.startswith("Bearer " + API_TOKEN_PREFIX):
        return authorization[len("Bearer ") :].strip()
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # noqa: BLE001 - a malformed cookie header is just no session
        return None
    morsel = cookie.get(COOKIE_NAME)
    return morsel.value if morsel else None


def scope_headers(scope: dict) -> dict[str, str]:
    """ASGI scope headers as a lower-case dict."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def actor_for_headers(db_path: str, headers: dict[str, str]) -> dict | None:
    """The live actor of these request headers, read from the database now."""
    token = token_from_headers(headers)
    if not token:
        return None
    return await side_db.run(db_path, actor_for_token, token)


def trusted_proxies() -> frozenset[str]:
    """Addresses of the HTTPS proxies in front of the staff server (EJSYNC_TRUSTED_PROXIES)."""
    return frozenset(
        part.strip() for part in os.environ.get("EJSYNC_TRUSTED_PROXIES", "").split(",")
        if part.strip()
    )


def served_over_https(scheme: str, client: str, headers: dict[str, str]) -> bool:
    """Whether the browser talks HTTPS: directly, or to a trusted proxy that says so."""
    if scheme == "https":
        return True
    forwarded = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return forwarded == "https" and client in trusted_proxies()


def session_cookie(token: str, *, secure: bool) -> str:
    """The Set-Cookie value of a new session (the server decides when it expires)."""
    flags = "; Secure" if secure else ""
    return f"{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax{flags}"


def clear_cookie() -> str:
    """The Set-Cookie value that removes the session cookie."""
    return f"{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
