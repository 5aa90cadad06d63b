"""Durable writes: whole files with the asked permissions, and new files that never replace."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ejsync.files import write_durably, write_new


def test_a_durable_write_replaces_whole_with_the_given_mode(tmp_path):
    path = tmp_path / "deep" / "letter.pdf"
    write_durably(path, b"first", mode=0o600)
    write_durably(path, b"second", mode=0o600)
    assert path.read_bytes() == b"second"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["letter.pdf"]  # no temporary left


def test_a_new_file_takes_the_first_free_name_and_keeps_the_others(tmp_path):
    (tmp_path / "a").write_bytes(b"old")
    made = write_new(tmp_path, ["a", "b", "c"], b"new")
    assert made == tmp_path / "b" and made.read_bytes() == b"new"
    assert (tmp_path / "a").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


class SyncSpy:
    """Records renames, links and fsyncs in order; fsyncs still happen (the one fake: a spy)."""

    def __init__(self, monkeypatch) -> None:
        self.events: list[tuple] = []
        for name in ("replace", "link"):
            real = getattr(os, name)
            monkeypatch.setattr(os, name, self._recording(name, real))
        real_fsync = os.fsync

        def fsync(descriptor: int) -> None:
            info = os.fstat(descriptor)
            kind = "folder" if stat.S_ISDIR(info.st_mode) else "file"
            self.events.append(("fsync", kind, (info.st_dev, info.st_ino)))
            real_fsync(descriptor)

        monkeypatch.setattr(os, "fsync", fsync)

    def _recording(self, name, real):
        def call(source, target, *args, **kwargs):
            real(source, target, *args, **kwargs)
            self.events.append((name, Path(target)))
        return call

    def folder_synced_after(self, operation: str, target: Path) -> bool:
        """Whether the folder of `target` was fsynced after `operation` put `target` there."""
        folder = target.parent.stat()
        identity = (folder.st_dev, folder.st_ino)
        done = self.events.index((operation, target))
        return ("fsync", "folder", identity) in self.events[done + 1:]

    def file_synced_before(self, operation: str, target: Path) -> bool:
        """Whether a file (the content) was fsynced before `operation` put `target` in place."""
        done = self.events.index((operation, target))
        return any(event[:2] == ("fsync", "file") for event in self.events[:done])

    def synced_folders(self) -> set[tuple[int, int]]:
        return {event[2] for event in self.events if event[:2] == ("fsync", "folder")}


def identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def test_a_durable_write_syncs_the_file_then_its_folder_after_the_rename(tmp_path, monkeypatch):
    spy = SyncSpy(monkeypatch)
    path = tmp_path / "archive" / "2026" / "journal.pdf"
    write_durably(path, b"%PDF")
    assert spy.file_synced_before("replace", path)
    assert spy.folder_synced_after("replace", path)
    # the folders made on the way are synced into their parents too
    assert {identity(tmp_path), identity(tmp_path / "archive")} <= spy.synced_folders()


def test_a_new_file_is_synced_into_its_folder(tmp_path, monkeypatch):
    spy = SyncSpy(monkeypatch)
    made = write_new(tmp_path, ["backup-1.ejbak"], b"sealed")
    assert spy.file_synced_before("link", made)
    assert spy.folder_synced_after("link", made)
