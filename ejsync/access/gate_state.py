"""What the gate must know on every request: read in one go, kept in memory, reloaded when
another connection commits (`PRAGMA data_version`)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from ejsync.access.sessions import Session, ended_sessions
from ejsync.publishing.releases import current_release
from ejsync.store import transaction

ACTIVE_VERSIONS = """
SELECT a.family_id, a.version FROM access_codes a JOIN families f ON f.id = a.family_id
WHERE a.revoked_at IS NULL AND f.electronic_access = 1
"""
TOKEN_OWNERS = """
SELECT t.token, s.id, s.family_id FROM diary_tokens t JOIN students s ON s.id = t.student_id
WHERE s.family_id IS NOT NULL
"""


@dataclass(frozen=True)
class GateState:
    """Code versions in force, diary token owners and ended sessions."""

    versions: dict[int, int] = field(default_factory=dict)
    owners: dict[str, tuple[int, int]] = field(default_factory=dict)
    ended: frozenset[str] = frozenset()
    tokens: dict[int, list[str]] = field(default_factory=dict)  # family → its children's
    release: str | None = None  # the build published to object storage, if any

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


def load_state(conn: sqlite3.Connection) -> GateState:
    """Read the state from one snapshot of the store."""
    with transaction(conn, writes=False):
        owners = {token: (student_id, family_id)
                  for token, student_id, family_id in conn.execute(TOKEN_OWNERS)}
        versions = dict(conn.execute(ACTIVE_VERSIONS).fetchall())
        ended = frozenset(ended_sessions(conn))
        release = current_release(conn)
    tokens: dict[int, list[str]] = defaultdict(list)
    for token, (_, family_id) in sorted(owners.items()):
        tokens[family_id].append(token)
    return GateState(versions, owners, ended, dict(tokens), release)
