"""The diary view log (R-PARENT-CHECK), written in batches so serving stays fast."""

from __future__ import annotations

import logging
import sqlite3
import time

from ejsync.store import transaction
from ejsync.store.clock import stamp_epoch

log = logging.getLogger("ejsync.gate")
FLUSH_EVERY_SECONDS = 1.0
FLUSH_AT_ROWS = 1000


class ViewLog:
    """Buffers (family, student, page, time) rows and writes them in one transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._rows: list[tuple[int, int, str, str]] = []

    def record(self, family_id: int, student_id: int, page: str) -> None:
        """Remember one page view; flushed within a second (or at once when many pile up)."""
        viewed_at = stamp_epoch(time.time())
        self._rows.append((family_id, student_id, page[:200], viewed_at))
        if len(self._rows) >= FLUSH_AT_ROWS:
            self.flush()

    def flush(self) -> int:
        """Write the buffered views; returns how many (0 if the store is busy: kept for later)."""
        rows, self._rows = self._rows, []
        if not rows:
            return 0
        try:
            with transaction(self._conn):
                self._conn.executemany(
                    "INSERT INTO diary_views (family_id, student_id, page, viewed_at)"
                    " VALUES (?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.OperationalError as exc:
            log.warning("diary views kept for the next flush (%s): %d rows", exc, len(rows))
            self._rows = rows + self._rows
            return 0
        return len(rows)
