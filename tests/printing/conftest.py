"""Fixtures of the print tests: the tiny school with a quarter of marks, a signing key."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ejsync.printing.signing import KEY_ENV, generate_key
from ejsync.store.clock import utc_now
from tests.printing.school_rows import add_quarter_of_maths
from tests.tiny_school import TinySchool


def after(moment: datetime) -> datetime:
    """`moment`, or now when the clock is already past it: an as-of instant that never lies
    in the future (an edition shows the data that existed)."""
    return max(utc_now(), moment)


# The penultimate days of the tiny school's Q2/H1 and of its school year (P-PERIOD-PRINT).
Q2_DONE = datetime(2026, 12, 25, 15, 0, tzinfo=UTC)
YEAR_DONE = datetime(2027, 5, 25, 15, 0, tzinfo=UTC)


@pytest.fixture
def marked_school(tiny_school: TinySchool) -> TinySchool:
    """The tiny school plus a quarter of maths marks, absences and one correction in 5А."""
    conn = tiny_school.connect()
    add_quarter_of_maths(conn)
    conn.close()
    return tiny_school


def run_ejsync(*args: str | Path, env: dict | None = None, input: str | None = None):
    """Run `python -m ejsync …` as a real process; returns the completed process."""
    environment = {**os.environ, "COLUMNS": "250", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ejsync", *map(str, args)],
        capture_output=True, text=True, env=environment, input=input, timeout=120,
    )


@pytest.fixture(scope="session")
def school_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The school's archive signing key for the whole session (private 0600, public beside)."""
    path = tmp_path_factory.mktemp("secrets") / "archive_ed25519.key"
    generate_key(path)
    return path


@pytest.fixture(autouse=True)
def _signing_key_in_env(school_key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, str(school_key))
