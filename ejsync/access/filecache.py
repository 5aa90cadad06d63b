"""Diary files served from memory, keyed by path and checked against the file's mtime."""

from __future__ import annotations

import mimetypes
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ejsync.access.headers import NO_STORE

MAX_CACHED_FILE = 4 * 1024 * 1024
DEFAULT_CAPACITY = 256 * 1024 * 1024
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class CachedFile:
    """A file's bytes and its ready-made response headers."""

    mtime_ns: int
    size: int
    body: bytes
    etag: bytes
    headers: tuple[tuple[bytes, bytes], ...]


def _content_type(path: str) -> bytes:
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if guessed.startswith(TEXT_TYPES):
        guessed += "; charset=utf-8"
    return guessed.encode()


def safe_relative(parts: list[str]) -> bool:
    """No empty, '.', '..', hidden or backslash segments: nothing outside a diary folder."""
    return all(
        part and not part.startswith(".") and "\\" not in part and "\x00" not in part
        for part in parts
    )


class FileCache:
    """A bounded LRU of file bytes under `root`; a changed mtime or size reloads the file."""

    def __init__(self, root: Path, capacity: int = DEFAULT_CAPACITY) -> None:
        self.root = os.path.realpath(root)
        self._capacity = capacity
        self._used = 0
        self._files: OrderedDict[str, CachedFile] = OrderedDict()

    def get(self, relative: str) -> CachedFile | None:
        """The file at `relative` (already checked by `safe_relative`), or None."""
        path = os.path.join(self.root, relative)
        try:
            stat = os.stat(path)
        except OSError:
            return None
        cached = self._files.get(path)
        if cached and (cached.mtime_ns, cached.size) == (stat.st_mtime_ns, stat.st_size):
            self._files.move_to_end(path)
            return cached
        if not os.path.isfile(path) or not os.path.realpath(path).startswith(self.root + os.sep):
            return None
        return self._load(path, stat)

    def exists(self, relative: str) -> bool:
        """Whether a regular file is at `relative` (for nginx mode, where nginx serves it)."""
        return os.path.isfile(os.path.join(self.root, relative))

    def _load(self, path: str, stat: os.stat_result) -> CachedFile | None:
        try:
            with open(path, "rb") as handle:
                body = handle.read()
        except OSError:
            return None
        etag = f'"{stat.st_mtime_ns:x}-{len(body):x}"'.encode()
        headers = (
            (b"content-type", _content_type(path)),
            (b"content-length", str(len(body)).encode()),
            (b"etag", etag),
            NO_STORE,
        )
        entry = CachedFile(stat.st_mtime_ns, stat.st_size, body, etag, headers)
        if len(body) <= MAX_CACHED_FILE:
            self._store(path, entry)
        return entry

    def _store(self, path: str, entry: CachedFile) -> None:
        old = self._files.pop(path, None)
        if old is not None:
            self._used -= len(old.body)
        self._files[path] = entry
        self._used += len(entry.body)
        while self._used > self._capacity and self._files:
            _, evicted = self._files.popitem(last=False)
            self._used -= len(evicted.body)
