"""Build processes that live as long as their owner (the agent, or one large build).

They are started by a fork server, a single-threaded process made before any of them: safe to
start, or to replace a dead one, while the owner runs threads (watchdog, progress bars).
Forking the owner itself after its threads started once left a worker hung on a lock."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

from ejsync.diary.jobs import ClassJob, ClassResult, run_job
from ejsync.store import connect

PRELOAD = ["ejsync.diary.jobs"]
_CONNECTIONS: dict[tuple[str, int, int], sqlite3.Connection] = {}  # in a worker: per file


def file_identity(path: Path) -> tuple[int, int]:
    """(device, inode) of the database file: another file under the same name is noticed."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def _worker_connection(db: str) -> sqlite3.Connection:
    """A read-only connection to `db`, reopened when the file was replaced."""
    key = (db, *file_identity(Path(db)))
    if key not in _CONNECTIONS:
        for old in [k for k in _CONNECTIONS if k[0] == db]:
            _CONNECTIONS.pop(old).close()
        _CONNECTIONS[key] = connect(db, readonly=True)
    return _CONNECTIONS[key]


def _run(db: str, job: ClassJob) -> ClassResult:
    return run_job(_worker_connection(db), job)


def _ready() -> int:
    return os.getpid()


class Workers:
    """A pool of build processes reading `db`."""

    def __init__(self, db: Path, count: int) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self.db = str(Path(db).resolve())
        self.count = count
        self._pool = ProcessPoolExecutor(count, mp_context=context)

    def start(self) -> Workers:
        """Start every process now (not at the first job), e.g. before other threads."""
        futures = [self._pool.submit(_ready) for _ in range(self.count)]
        for future in futures:
            future.result()
        return self

    def run(self, jobs: list[ClassJob]) -> Iterator[ClassResult]:
        """Run the jobs; results arrive as jobs finish."""
        futures: list[Future] = [self._pool.submit(_run, self.db, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()

    def close(self) -> None:
        """Stop the processes."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()
