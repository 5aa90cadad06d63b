"""Signed session cookies of the gate, bound to the family's code version."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
import time
from dataclasses import dataclass

from ejsync.store.clock import stamp_epoch

COOKIE_NAME = "ejsync_session"
SESSION_ID_BYTES = 18  # 144 bits
DEFAULT_LIFETIME_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Session:
    """A verified session: who it is, which code version made it, until when."""

    id: str
    family_id: int
    code_version: int
    expires: int


class Signer:
    """HMAC-SHA256 over the cookie payload with a key derived from the access key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self._key, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def cookie_value(self, session: Session) -> str:
        """'<id>.<family>.<version>.<expires>.<mac>'."""
        payload = f"{session.id}.{session.family_id}.{session.code_version}.{session.expires}"
        return f"{payload}.{self._mac(payload)}"

    def verify(self, value: str, now: float) -> Session | None:
        """The session a cookie names if its signature holds and it has not expired."""
        payload, _, mac = value.rpartition(".")
        parts = payload.split(".")
        if len(parts) != 4 or not hmac.compare_digest(self._mac(payload), mac):
            return None
        session_id, family, version, expires = parts
        if not (family.isdigit() and version.isdigit() and expires.isdigit()):
            return None
        if int(expires) <= now:
            return None
        return Session(session_id, int(family), int(version), int(expires))

    def csrf_token(self, session: Session) -> str:
        """The form token of a session (forms of the family pages carry it)."""
        return self._mac(f"csrf.{session.id}")


def start_session(
    conn: sqlite3.Connection, family_id: int, code_version: int, lifetime: int
) -> Session:
    """Record a new session after a successful login."""
    now = time.time()
    session = Session(
        secrets.token_urlsafe(SESSION_ID_BYTES), family_id, code_version, int(now + lifetime)
    )
    conn.execute(
        "INSERT INTO gate_sessions (id, family_id, code_version, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (session.id, family_id, code_version, stamp_epoch(now), stamp_epoch(session.expires)),
    )
    return session


def end_session(conn: sqlite3.Connection, session_id: str) -> None:
    """Logout: the session can no longer be used even though its cookie is still signed."""
    conn.execute(
        "UPDATE gate_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
        (stamp_epoch(time.time()), session_id),
    )


def ended_sessions(conn: sqlite3.Connection) -> set[str]:
    """Ids of sessions ended before their expiry (the revocation list)."""
    rows = conn.execute(
        "SELECT id FROM gate_sessions WHERE ended_at IS NOT NULL AND expires_at > ?",
        (stamp_epoch(time.time()),),
    ).fetchall()
    return {row[0] for row in rows}
