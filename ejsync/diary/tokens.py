"""The unguessable folder name of each student's diary (never the name or id in the URL)."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable

from ejsync.store import transaction

TOKEN_BYTES = 18  # 144 bits, 24 URL-safe characters


def diary_tokens(conn: sqlite3.Connection) -> dict[int, str]:
    """Every student's diary token by student id."""
    return {row[0]: row[1] for row in conn.execute("SELECT student_id, token FROM diary_tokens")}


def ensure_tokens(conn: sqlite3.Connection, student_ids: Iterable[int]) -> dict[int, str]:
    """Tokens of the given students, creating the missing ones in one transaction."""
    tokens = diary_tokens(conn)
    missing = [sid for sid in student_ids if sid not in tokens]
    if missing:
        with transaction(conn):
            for sid in missing:
                token = secrets.token_urlsafe(TOKEN_BYTES)
                conn.execute(
                    "INSERT OR IGNORE INTO diary_tokens (student_id, token) VALUES (?, ?)",
                    (sid, token),
                )
        tokens = diary_tokens(conn)
    return tokens
