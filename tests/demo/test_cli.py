"""`ejsync demo` and `ejsync up` as real processes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ejsync.commands.demo import create_demo_database
from ejsync.config import PROJECT_ROOT
from ejsync.demo.journal import Journal
from tests.demo.conftest import table_hashes


def run_ejsync(*args: str, hash_seed: str = "random") -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200",
               PYTHONHASHSEED=hash_seed)
    return subprocess.run([sys.executable, "-m", "ejsync", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_command_creates_the_school_and_refuses_to_overwrite(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    made = run_ejsync("demo", "--students", "60", "--seed", "3", "--until", "2026-09-18",
                      "--db", str(db))
    assert made.returncode == 0, made.stderr
    assert "Демонстрационная школа создана" in made.stdout
    assert "60 учеников" in made.stdout and "по 18.09.2026" in made.stdout
    assert "lessons" in made.stdout
    before = digest(db)
    refused = run_ejsync("demo", "--students", "60", "--db", str(db))
    assert refused.returncode == 2
    assert "уже существует" in refused.stderr and "--force" in refused.stderr
    assert digest(db) == before
    replaced = run_ejsync("demo", "--students", "60", "--seed", "4", "--until", "2026-09-08",
                          "--db", str(db), "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert digest(db) != before


def test_demo_command_rejects_a_bad_date(tmp_path: Path) -> None:
    result = run_ejsync("demo", "--until", "20.11.2026", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert "ГГГГ-ММ-ДД" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_bad_size_is_refused_before_the_old_file_is_touched(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    db.write_bytes(b"not a database, but someone's file")
    result = run_ejsync("demo", "--students", "10", "--force", "--db", str(db))
    assert result.returncode == 2
    assert "--students" in result.stderr
    assert db.read_bytes() == b"not a database, but someone's file"


def test_separate_processes_make_the_same_school(tmp_path: Path) -> None:
    """Nothing depends on Python's per-process hash order (set iteration)."""
    paths = [tmp_path / "one.db", tmp_path / "two.db"]
    for path, hash_seed in zip(paths, ("1", "2"), strict=True):
        result = run_ejsync("demo", "--students", "60", "--until", "2026-09-25",
                            "--db", str(path), hash_seed=hash_seed)
        assert result.returncode == 0, result.stderr
    assert table_hashes(paths[0]) == table_hashes(paths[1])


def test_interrupted_replacement_keeps_the_old_database(tmp_path: Path, monkeypatch) -> None:
    """Ctrl+C in the middle of `ejsync demo --force` leaves the old file untouched."""
    db = tmp_path / "school.db"
    db.write_bytes(b"the school's real journal")
    real_week = Journal.week
    weeks_done = []

    def week_then_interrupt(self, monday):
        if len(weeks_done) == 2:
            raise KeyboardInterrupt
        weeks_done.append(monday)
        return real_week(self, monday)

    monkeypatch.setattr(Journal, "week", week_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        create_demo_database(db, students=60, until=date(2026, 10, 1), progress=False)
    assert len(weeks_done) == 2
    assert db.read_bytes() == b"the school's real journal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school.db"]
