"""The diary view log (R-PARENT-CHECK), written in batches so serving stays fast.

Views are buffered on the gate's event loop and written by its writer thread once a second
(or at once when many pile up). Behind nginx, pages opened with a link cookie never reach
the gate: nginx writes a line per page to its view log (in blocks, at least once a second),
which the gate reads once a second, checking each line's link before it counts the view."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from ejsync.store import transaction
from ejsync.store.clock import stamp_epoch

FLUSH_EVERY_SECONDS = 1.0
FLUSH_AT_ROWS = 1000
MAX_READ = 4 * 1024 * 1024  # bytes of nginx's view log read at a time

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


class NginxViews:
    """Follows nginx's view log: the lines written since the last read (rotation and
    truncation included: another file under the name, or a shorter one, is read from its
    start)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._inode: int | None = None
        self._offset = 0
        self._partial = b""

    def read_new(self) -> list[tuple[str, str, str, str]]:
        """(until, link, token, "/page") of each whole new line."""
        try:
            stat = os.stat(self.path)
            if stat.st_ino != self._inode or stat.st_size < self._offset:
                self._inode, self._offset, self._partial = stat.st_ino, 0, b""
            with open(self.path, "rb") as handle:
                handle.seek(self._offset)
                data = handle.read(MAX_READ)
        except OSError:
            return []
        self._offset += len(data)
        lines = (self._partial + data).split(b"\n")
        self._partial = lines.pop()
        found = []
        for line in lines:
            fields = line.decode("utf-8", "replace").split()
            if len(fields) == 4:
                found.append((fields[0], fields[1], fields[2], fields[3]))
        return found
