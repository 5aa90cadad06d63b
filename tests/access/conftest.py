"""Fixtures of the access tests: the key file, the CLI as a real process, issued codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ejsync.access.codes import active_secret
from ejsync.config import PROJECT_ROOT
from tests.tiny_school import TinySchool


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """Where this test's access key lives (created by the first issue)."""
    return tmp_path / "secrets" / "access.key"


def run_ejsync(*args: str, key_file: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m ejsync ARGS` as a real process, output captured as text."""
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200")
    if key_file is not None:
        env["EJSYNC_ACCESS_KEY_FILE"] = str(key_file)
    return subprocess.run(
        [sys.executable, "-m", "ejsync", *args], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )


def issue_code(school: TinySchool, key_file: Path, family_id: int, action: str = "issue") -> dict:
    """Issue (or reissue) a family's code through the CLI; returns its JSON record."""
    result = run_ejsync(
        "access", action, "--db", str(school.path), "--family", str(family_id), "--json",
        key_file=key_file,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def family_secret(school: TinySchool, key_file: Path, family_id: int) -> str:
    """The family's secret in force, decrypted through the access API."""
    conn = school.connect()
    try:
        return active_secret(conn, key_file, family_id)[1]
    finally:
        conn.close()
