"""The gate's database work off its event loop: one writer thread and a few reader threads.

Like Datasette's `execute_write_fn`: every write (login, logout, acknowledgement, the view
log) runs in the one writer thread, in order, on its own connection; reads that may wait
(the family home) run in reader threads. While another process holds the write lock, a
login waits in the writer thread; the event loop keeps serving every other request."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from ejsync.store import connect

T = TypeVar("T")
BUSY_TIMEOUT_MS = 2_000  # a login waits this long for the write lock, then says "busy"
READERS = 2


class GateStore:
    """Run functions of a connection in the writer thread or in a reader thread."""

    def __init__(self, db: Path, readers: int = READERS) -> None:
        self.db = db
        self._local = threading.local()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="gate-writer")
        self._readers = ThreadPoolExecutor(readers, thread_name_prefix="gate-reader")

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = connect(self.db)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def _call(self, function: Callable[[sqlite3.Connection], T]) -> T:
        return function(self._connection())

    async def write(self, function: Callable[[sqlite3.Connection], T]) -> T:
        """`function(conn)` in the writer thread (it opens its own transaction)."""
        return await asyncio.get_running_loop().run_in_executor(
            self._writer, self._call, function)

    async def read(self, function: Callable[[sqlite3.Connection], T]) -> T:
        """`function(conn)` in a reader thread."""
        return await asyncio.get_running_loop().run_in_executor(
            self._readers, self._call, function)

    def close(self) -> None:
        """Finish queued work and stop the threads (the writer's connection closed first)."""
        self._writer.submit(self._close_own).result()
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)

    def _close_own(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
