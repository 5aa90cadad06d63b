"""The diary view log (R-PARENT-CHECK), written in batches so serving stays fast.

Views are buffered on the gate's event loop and written by its writer thread once a second
(or at once when many pile up). Behind nginx, pages opened with a link cookie never reach
the gate: nginx sends one syslog datagram per page to the gate's port (UDP), which checks the
link's hash and buffers the view the same way."""

from __future__ import annotations

import sqlite3
import time

from ejsync.store import transaction
from ejsync.store.clock import stamp_epoch

FLUSH_EVERY_SECONDS = 1.0
FLUSH_AT_ROWS = 1000
SYSLOG_TAG = "ejsync_view"

ViewRow = tuple[int, int, str, str]  # family, student, page, viewed_at


class ViewLog:
    """Buffers (family, student, page, time) rows until the writer thread takes them."""

    def __init__(self) -> None:
        self._rows: list[ViewRow] = []

    def record(self, family_id: int, student_id: int, page: str) -> bool:
        """Remember one page view; True when so many wait that they should be written now."""
        self._rows.append((family_id, student_id, page[:200], stamp_epoch(time.time())))
        return len(self._rows) >= FLUSH_AT_ROWS

    def take(self) -> list[ViewRow]:
        """The buffered rows, leaving the buffer empty."""
        rows, self._rows = self._rows, []
        return rows

    def put_back(self, rows: list[ViewRow]) -> None:
        """Rows that could not be written (the store was busy): kept for the next flush."""
        self._rows = rows + self._rows


def write_views(conn: sqlite3.Connection, rows: list[ViewRow]) -> int:
    """Insert the rows in one transaction; returns how many."""
    with transaction(conn):
        conn.executemany(
            "INSERT INTO diary_views (family_id, student_id, page, viewed_at) VALUES (?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def parse_datagram(data: bytes) -> tuple[str, str, str, str, str] | None:
    """(family, expires, hash, token, uri) from one nginx syslog message, or None."""
    text = data.decode("utf-8", "replace")
    _, tag, message = text.partition(f"{SYSLOG_TAG}: ")
    fields = message.split()
    if not tag or len(fields) != 5:
        return None
    family, expires, digest, token, uri = fields
    return family, expires, digest, token, uri
