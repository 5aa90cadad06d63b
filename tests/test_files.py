"""Durable writes: whole files with the asked permissions, and new files that never replace."""

from __future__ import annotations

import stat

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
