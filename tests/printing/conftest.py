"""Fixtures of the print tests: the tiny school with a quarter of marks, a signing key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.printing.school_rows import add_quarter_of_maths
from tests.tiny_school import TinySchool


@pytest.fixture
def marked_school(tiny_school: TinySchool) -> TinySchool:
    """The tiny school plus a quarter of maths marks, absences and one correction in 5А."""
    conn = tiny_school.connect()
    add_quarter_of_maths(conn)
    conn.close()
    return tiny_school


def run_ejsync(*args: str | Path, env: dict | None = None, input: str | None = None):
    """Run `python -m ejsync …` as a real process; returns the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "ejsync", *map(str, args)],
        capture_output=True, text=True, env=env, input=input, timeout=120,
    )
