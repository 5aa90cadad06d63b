"""Worker processes that live as long as their owner (the agent, or one large build).

They are started by a fork server, a single-threaded process made before any of them: safe to
start, or to replace a dead one, while the owner runs threads (watchdog, progress bars).
Forking the owner itself after its threads started once left a worker hung on a lock."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

from ejsync.store import connect

_CONNECTIONS: dict[tuple[str, bool], tuple[tuple[int, int], sqlite3.Connection]] = {}


def file_identity(path: Path) -> tuple[int, int]:
    """(device, inode) of a database file: another file under the same name is noticed."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def worker_connection(db: str, *, readonly: bool = True) -> sqlite3.Connection:
    """This process's connection to `db`, reopened when another file took its name."""
    identity = file_identity(Path(db))
    known = _CONNECTIONS.get((db, readonly))
    if known is None or known[0] != identity:
        if known is not None:
            known[1].close()
        known = _CONNECTIONS[(db, readonly)] = (identity, connect(db, readonly=readonly))
    return known[1]


def _ready() -> int:
    return os.getpid()


class Workers:
    """A pool of `count` processes working on the database `db`."""

    def __init__(self, db: Path, count: int, preload: Iterable[str] = ()) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        self.db = str(Path(db).resolve())
        self.count = count
        self._pool = ProcessPoolExecutor(count, mp_context=context)

    def start(self) -> Workers:
        """Start every process now (not at the first job), e.g. before other threads."""
        for future in [self._pool.submit(_ready) for _ in range(self.count)]:
            future.result()
        return self

    def submit(self, function: Callable, *args: object) -> Future:
        """Run `function(db, *args)` in a worker (a module-level function: it is pickled)."""
        return self._pool.submit(function, self.db, *args)

    def map_unordered(self, function: Callable, items: Iterable[object]) -> Iterator:
        """`function(db, item)` for every item, in the order they finish."""
        futures = [self.submit(function, item) for item in items]
        for future in as_completed(futures):
            yield future.result()

    def close(self) -> None:
        """Stop the processes."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()
