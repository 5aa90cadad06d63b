"""Run store work off the event loop: each worker thread keeps its own connection per file."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from ejsync.store.db import connect

T = TypeVar("T")
_local = threading.local()


def thread_connection(path: str) -> sqlite3.Connection:
    """This thread's connection to `path` (opened on first use)."""
    cache = getattr(_local, "connections", None)
    if cache is None:
        cache = _local.connections = {}
    if path not in cache:
        cache[path] = connect(path)
    return cache[path]


async def run(path: str, fn: Callable[..., T], *args: Any, threads: Executor | None = None) -> T:
    """Run `fn(conn, *args)` in a worker thread (of `threads`, else the loop's default ones)
    on that thread's own connection to `path`."""
    work = functools.partial(contextvars.copy_context().run,
                             lambda: fn(thread_connection(str(path)), *args))
    return await asyncio.get_running_loop().run_in_executor(threads, work)
