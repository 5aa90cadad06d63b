"""Who writes: the writer of a transaction, named to the store's stamps, rights and audit log.

The one row of `write_context` exists only inside a write transaction, so no other connection
ever sees it. Source 'web' is a staff member through the staff server (rights checked by row);
'cli', 'import' and 'agent' are ejsync's own tools, stamped as such (staff_id 0 = the tool
itself, else the staff member the operator named with --by). A write with no writer at all is
the database owner working on the file directly (the demo's made-up history, tests).
Source 'gate' is a family through the family gate (staff_id 0, `family_id` the family).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SOURCES = ("web", "cli", "import", "agent", "gate")
TOOL = 0  # write_context.staff_id of a tool acting on its own behalf


@dataclass(frozen=True)
class Writer:
    """The author of a write: a staff member (or the tool itself) and the path it came by."""

    staff_id: int
    source: str
    family_id: int | None = None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"unknown write source {self.source!r}")

    @classmethod
    def tool(cls, source: str, staff_id: int | None = None) -> Writer:
        """An ejsync tool writing, on behalf of `staff_id` when the operator named one."""
        return cls(staff_id or TOOL, source)

    @classmethod
    def family(cls, family_id: int) -> Writer:
        """A family writing through the gate (its messages, reads and e-mail choice)."""
        return cls(TOOL, "gate", family_id)

    @property
    def author(self) -> int | None:
        """The value of a `created_by`-style column for this writer (None for the tool)."""
        return self.staff_id or None


def name_writer(conn: sqlite3.Connection, writer: Writer) -> None:
    """Name the writer of the open transaction."""
    if writer.family_id is not None:
        conn.execute(
            "INSERT OR REPLACE INTO write_context (id, staff_id, source, family_id)"
            " VALUES (1, ?, ?, ?)",
            (writer.staff_id, writer.source, writer.family_id),
        )
        return
    conn.execute(
        "INSERT OR REPLACE INTO write_context (id, staff_id, source) VALUES (1, ?, ?)",
        (writer.staff_id, writer.source),
    )


def clear_writer(conn: sqlite3.Connection) -> None:
    """Forget the writer before the transaction ends."""
    conn.execute("DELETE FROM write_context")
