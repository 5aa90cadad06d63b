"""`ejsync doctor` finds what is wrong with an installation and says how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys

from ejsync.config import PROJECT_ROOT
from ejsync.printing.signing import generate_key
from ejsync.store import connect, migrate


def doctor(tmp_path, db) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="250",
               EJSYNC_ARCHIVE_KEY=str(tmp_path / "keys" / "archive.key"),
               EJSYNC_ACCESS_KEY_FILE=str(tmp_path / "keys" / "access.key"))
    dead = "http://127.0.0.1:9/"
    return subprocess.run(
        [sys.executable, "-m", "ejsync", "doctor", "--db", str(db), "--diary",
         str(tmp_path / "diary"), "--site", str(tmp_path / "site"), "--archive",
         str(tmp_path / "archive"), "--staff-url", dead, "--gate-url", dead, "--site-url", dead],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


def test_servers_that_do_not_answer_are_no_all_clear(tmp_path, tiny_school):
    generate_key(tmp_path / "keys" / "archive.key")
    result = doctor(tmp_path, tiny_school.path)
    assert result.returncode == 2, result.stdout  # warnings only: not 0, not a failure
    assert "не отвечает" in result.stdout
    assert "Всё в порядке" not in result.stdout
    assert "Обязательные проверки пройдены, но есть предупреждения" in result.stdout
    assert "«Журнал для сотрудников»" in result.stdout


def test_unmigrated_database_and_open_key_are_reported(tmp_path):
    conn = connect(tmp_path / "old.db")
    migrate(conn, up_to=2)
    conn.close()
    generate_key(tmp_path / "keys" / "archive.key")
    (tmp_path / "keys" / "archive.key").chmod(0o644)
    result = doctor(tmp_path, tmp_path / "old.db")
    assert result.returncode == 1
    assert "не применены миграции" in result.stdout and "ejsync migrate" in result.stdout
    assert "chmod 600" in result.stdout


def test_missing_database_is_reported(tmp_path):
    result = doctor(tmp_path, tmp_path / "none.db")
    assert result.returncode == 1
    assert "не найдена" in result.stdout
