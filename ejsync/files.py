"""Durable file writes: a synced temporary file beside the target, then one atomic rename.

Readers see the old file or the whole new one, and the new one survives a power cut: the file
is synced before the rename and its folder after it (a rename lives in the folder, not in the
file), and so is every folder made on the way. (Diary pages, which are rebuilt from the
database anyway, use the faster unsynced `ejsync.diary.output.write_atomically`.)"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_durably(path: Path, content: bytes, *, mode: int = 0o644) -> None:
    """Write `content` to `path` (its folder made if missing) with permissions `mode`."""
    make_folder(path.parent)
    temporary = _synced_temporary(path.parent, path.name, content, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_new(folder: Path, names: Iterable[str], content: bytes, *, mode: int = 0o644) -> Path:
    """Write `content` under the first of `names` no file has yet; never replaces a file."""
    temporary = _synced_temporary(folder, "new", content, mode)
    try:
        for name in names:
            try:
                os.link(temporary, folder / name)  # fails, not replaces, when the name is taken
            except FileExistsError:
                continue
            temporary.unlink()
            sync_folder(folder)
            return folder / name
        raise FileExistsError(f"every name offered in {folder} is taken")
    finally:
        temporary.unlink(missing_ok=True)


def make_folder(folder: Path) -> None:
    """Create `folder` and its missing parents, each new entry synced into its parent."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir()
        except FileExistsError:  # made meanwhile by another writer
            continue
        sync_folder(new.parent)


def sync_folder(folder: Path) -> None:
    """Flush `folder`'s entries (renames, links, removals in it) to the disk."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
