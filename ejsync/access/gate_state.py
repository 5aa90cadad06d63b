"""What the gate must know on every request, held in memory and reloaded when the store changes."""

from __future__ import annotations

import sqlite3

from ejsync.access.sessions import Session, ended_sessions

ACTIVE_VERSIONS = """
SELECT a.family_id, a.version FROM access_codes a JOIN families f ON f.id = a.family_id
WHERE a.revoked_at IS NULL AND f.electronic_access = 1
"""
TOKEN_OWNERS = """
SELECT t.token, s.id, s.family_id FROM diary_tokens t JOIN students s ON s.id = t.student_id
WHERE s.family_id IS NOT NULL
"""


class GateState:
    """Code versions in force, diary token owners and ended sessions.

    `PRAGMA data_version` changes whenever another connection commits, so a reissue or a
    revoke made by the CLI or Datasette is seen by the very next request."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._data_version: int | None = None
        self.versions: dict[int, int] = {}
        self.owners: dict[str, tuple[int, int]] = {}
        self.ended: set[str] = set()

    def invalidate(self) -> None:
        """Reload on the next request (after a write through this same connection)."""
        self._data_version = None

    def refresh(self) -> None:
        """Reload if anything was committed since the last load."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return
        self.versions = dict(self._conn.execute(ACTIVE_VERSIONS).fetchall())
        self.owners = {
            token: (student_id, family_id)
            for token, student_id, family_id in self._conn.execute(TOKEN_OWNERS)
        }
        self.ended = ended_sessions(self._conn)
        self._data_version = version

    def is_live(self, session: Session) -> bool:
        """The session was made with the family's code in force and was not ended."""
        return (
            self.versions.get(session.family_id) == session.code_version
            and session.id not in self.ended
        )

    def student_of(self, token: str, family_id: int) -> int | None:
        """The student whose diary `token` is, if it belongs to `family_id`."""
        owner = self.owners.get(token)
        if owner is None or owner[1] != family_id:
            return None
        return owner[0]
