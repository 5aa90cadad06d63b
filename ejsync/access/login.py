"""One login attempt at the gate: throttle, TOTP check with replay guard, new session."""

from __future__ import annotations

import hashlib
import hmac
import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ejsync.access.sessions import Session, start_session
from ejsync.family_codes import queries, totp
from ejsync.family_codes.keys import decrypt_secret
from ejsync.family_codes.policy import FAMILY_POLICY
from ejsync.store import lockout, transaction

log = logging.getLogger("ejsync.gate")
CLIENT_POLICY = lockout.Policy(max_failures=20, window=timedelta(minutes=15),
                               lock=timedelta(minutes=30))
# Checked when the login is unknown, so a wrong login costs as long as a wrong code.
_DECOY_SECRET = totp.new_secret()


@dataclass(frozen=True)
class LoginResult:
    """A session on success; otherwise when the lock ends (if locked)."""

    session: Session | None = None
    locked_until: datetime | None = None


def client_subject(key: bytes, address: str) -> str:
    """A keyed hash of the client address: throttling without storing the address."""
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def attempt_login(
    conn: sqlite3.Connection,
    key: bytes,
    login: str,
    code: str,
    client: str,
    lifetime: int,
    now: datetime | None = None,
) -> LoginResult:
    """Check `login` + `code` for a client (already hashed); lock after too many failures."""
    now = now or datetime.now(UTC)
    login = login.strip().lower()[:100]
    with transaction(conn):
        lock = max(
            (lockout.locked_until(conn, "family", login, now),
             lockout.locked_until(conn, "client", client, now)),
            key=lambda until: until or now,
        )
        if lock is not None and lock > now:
            log.info("login refused: locked")
            return LoginResult(locked_until=lock)
        family = queries.family_by_login(conn, login)
        code_row = queries.active_code(conn, family["id"]) if family else None
        secret, last_used = _DECOY_SECRET, None
        if code_row is not None:
            secret = decrypt_secret(
                key, code_row["family_id"], code_row["version"], code_row["secret_encrypted"]
            )
            last_used = code_row["last_used_step"]
        step = totp.matching_step(secret, code, last_used_step=last_used, now=now.timestamp())
        if code_row and step is not None and queries.claim_step(conn, code_row["id"], step):
            lockout.clear(conn, "family", login)
            session = start_session(conn, code_row["family_id"], code_row["version"], lifetime)
            log.info("login ok family=%s version=%s", code_row["family_id"], code_row["version"])
            return LoginResult(session=session)
        family_lock = lockout.record_failure(conn, "family", login, FAMILY_POLICY, now)
        client_lock = lockout.record_failure(conn, "client", client, CLIENT_POLICY, now)
        log.info("login failed family=%s", family["id"] if family else "unknown")
        locks = [until for until in (family_lock, client_lock) if until]
        return LoginResult(locked_until=max(locks) if locks else None)
