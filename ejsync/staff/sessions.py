"""Browser sessions and API tokens of staff: only a hash is stored; roles read on every use."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import timedelta

from ejsync.staff.accounts import staff_roles
from ejsync.store import transaction
from ejsync.store.clock import parse_stamp, stamp, utc_now

IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_LIFETIME = timedelta(hours=12)
API_TOKEN_LIFETIME = timedelta(days=30)
TOUCH_EVERY = timedelta(minutes=1)
API_TOKEN_PREFIX = "ejst_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    conn: sqlite3.Connection, staff_id: int, remote: str = "", *, kind: str = "browser"
) -> str:
    """A new session (or API token when kind='api') for `staff_id`; returns the secret."""
    token = (API_TOKEN_PREFIX if kind == "api" else "") + secrets.token_urlsafe(32)
    lifetime = API_TOKEN_LIFETIME if kind == "api" else ABSOLUTE_LIFETIME
    with transaction(conn):
        conn.execute(
            "INSERT INTO staff_sessions (token_hash, staff_id, kind, expires_at, remote_addr)"
            " VALUES (?, ?, ?, ?, ?)",
            (_hash(token), staff_id, kind, stamp(plus=lifetime), remote),
        )
    return token


def issue_api_token(conn: sqlite3.Connection, staff_id: int) -> str:
    """A personal API token (Authorization: Bearer …) valid for 30 days."""
    return start_session(conn, staff_id, kind="api")


def end_session(conn: sqlite3.Connection, token: str) -> None:
    """Log out: the session stops working now."""
    with transaction(conn):
        conn.execute(
            "UPDATE staff_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
            (stamp(), _hash(token)),
        )


def actor_for_token(conn: sqlite3.Connection, token: str) -> dict | None:
    """The Datasette actor of a live session or token, built from the database now."""
    row = conn.execute(
        "SELECT x.id, x.staff_id, x.kind, x.last_seen_at, x.expires_at, a.login,"
        " s.last_name, s.first_name, s.middle_name"
        " FROM staff_sessions x JOIN staff_accounts a ON a.staff_id = x.staff_id"
        " JOIN staff s ON s.id = x.staff_id"
        " WHERE x.token_hash = ? AND x.ended_at IS NULL AND a.disabled_at IS NULL"
        " AND s.active = 1",
        (_hash(token),),
    ).fetchone()
    if row is None:
        return None
    session_id, staff_id, kind, last_seen, expires_at, login, last, first, middle = tuple(row)
    now = utc_now()
    if parse_stamp(expires_at) <= now:
        return None
    if kind == "browser" and parse_stamp(last_seen) + IDLE_TIMEOUT <= now:
        return None
    if parse_stamp(last_seen) + TOUCH_EVERY <= now:
        with transaction(conn):
            conn.execute(
                "UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?", (stamp(), session_id)
            )
    initials = "".join(f"{part[0]}." for part in (first, middle) if part)
    return {
        "id": str(staff_id),
        "staff_id": staff_id,
        "login": login,
        "name": f"{last} {initials}".strip(),
        "roles": staff_roles(conn, staff_id),
        "via": kind,
    }
