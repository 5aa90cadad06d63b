"""The unguessable folder name of each student's diary (never the name or id in the URL)."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ejsync.store import transaction

TOKEN_BYTES = 18  # 144 bits, 24 URL-safe characters


def diary_tokens(conn: sqlite3.Connection) -> dict[int, str]:
    """Every student's diary token by student id."""
    return {row[0]: row[1] for row in conn.execute("SELECT student_id, token FROM diary_tokens")}


@dataclass(frozen=True)
class OwnChanges:
    """The change-log ids our own token inserts produced: (before, last]."""

    before: int
    last: int

    def extend(self, covered: int | None) -> int | None:
        """Cover our own changes too, when nothing foreign came between."""
        if covered is None or covered < self.before:
            return covered
        return max(covered, self.last)


def ensure_tokens(conn: sqlite3.Connection,
                  student_ids: Iterable[int]) -> tuple[dict[int, str], OwnChanges]:
    """Tokens of the given students, creating the missing ones in one transaction."""
    tokens = diary_tokens(conn)
    missing = [sid for sid in student_ids if sid not in tokens]
    own = OwnChanges(-1, -1)
    if missing:
        with transaction(conn):
            before = _last_change_id(conn)
            for sid in missing:
                token = secrets.token_urlsafe(TOKEN_BYTES)
                conn.execute(
                    "INSERT OR IGNORE INTO diary_tokens (student_id, token) VALUES (?, ?)",
                    (sid, token),
                )
            own = OwnChanges(before, _last_change_id(conn))
        tokens = diary_tokens(conn)
    return tokens, own


def _last_change_id(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT IFNULL(MAX(id), 0) FROM changes").fetchone()[0]
