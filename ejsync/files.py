"""Durable file writes: a synced temporary file beside the target, then one atomic rename.

Readers see the old file or the whole new one, and the new one survives a power cut. (Diary
pages, which are rebuilt from the database anyway, use the faster unsynced
`ejsync.diary.output.write_atomically`.)"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_durably(path: Path, content: bytes, *, mode: int = 0o644) -> None:
    """Write `content` to `path` (its folder made if missing) with permissions `mode`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _synced_temporary(path.parent, path.name, content, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new(folder: Path, names: Iterable[str], content: bytes, *, mode: int = 0o644) -> Path:
    """Write `content` under the first of `names` no file has yet; never replaces a file."""
    temporary = _synced_temporary(folder, "new", content, mode)
    try:
        for name in names:
            try:
                os.link(temporary, folder / name)  # fails, not replaces, when the name is taken
                return folder / name
            except FileExistsError:
                continue
        raise FileExistsError(f"every name offered in {folder} is taken")
    finally:
        temporary.unlink(missing_ok=True)


def _synced_temporary(folder: Path, name: str, content: bytes, mode: int) -> Path:
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)
