"""Same seed, same school; another seed, another school."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ejsync.errors import UserError
from tests.demo.conftest import generate, table_hashes


def test_same_seed_gives_identical_tables(demo_school, tmp_path: Path) -> None:
    path, _summary = demo_school
    again = tmp_path / "again.db"
    generate(again)
    first, second = table_hashes(path), table_hashes(again)
    assert first.keys() == second.keys()
    differing = [t for t in first if first[t] != second[t]]
    assert differing == []


def test_other_seed_gives_another_school(demo_school, tmp_path: Path) -> None:
    path, _summary = demo_school
    other = tmp_path / "other.db"
    generate(other, seed=2)
    first, second = table_hashes(path), table_hashes(other)
    for table in ("students", "timetable", "lessons", "marks", "attendance"):
        assert first[table] != second[table], table


def test_summary_counts_match_the_database(demo_school, demo_db) -> None:
    _path, summary = demo_school
    for table, count in summary.rows.items():
        assert demo_db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
    assert summary.students == 200
    assert summary.last_day.isoformat() == "2026-11-20"


def test_generating_into_an_existing_school_is_refused(demo_school, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(demo_school[0], copy)
    before = table_hashes(copy)
    with pytest.raises(UserError, match="уже есть школа"):
        generate(copy)
    assert table_hashes(copy) == before
