"""`publish.sh`: migrate, check, build, print, publish atomically; keeps the previous release."""

from __future__ import annotations

import grp
import os
import subprocess
import sys

from ejsync.config import PROJECT_ROOT
from ejsync.printing.signing import generate_key


def publish(tmp_path, db, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EJSYNC_PYTHON=sys.executable, PYTHONPATH=str(PROJECT_ROOT),
               EJSYNC_ARCHIVE_KEY=str(tmp_path / "keys" / "archive.key"))
    return subprocess.run(
        [str(PROJECT_ROOT / "publish.sh"), "--db", str(db), "--target", str(tmp_path / "public"),
         "--build", str(tmp_path / "build"), "--archive", str(tmp_path / "archive"), *extra],
        capture_output=True, text=True, env=env, timeout=600)


def test_two_publishes_switch_current_and_keep_the_previous(tmp_path, tiny_school):
    generate_key(tmp_path / "keys" / "archive.key")
    first = publish(tmp_path, tiny_school.path)
    assert first.returncode == 0, first.stdout + first.stderr
    current = tmp_path / "public" / "current"
    first_release = os.readlink(current)
    assert (current / "site" / "index.html").exists()
    diaries = [p for p in (current / "diary").iterdir() if p.is_dir()]
    assert len(diaries) == 9  # every student of the tiny school
    assert (tmp_path / "build" / "diary" / ".manifest.db").exists()
    hidden = [p for p in (current / "diary").rglob(".*")]
    assert not hidden  # the build's manifest (tokens → students) is never published
    published = [current / "diary", *(current / "diary").rglob("*")]
    assert not [p for p in published if not p.is_symlink() and p.stat().st_mode & 0o007]
    assert {grp.getgrgid(p.lstat().st_gid).gr_name for p in published} == {"www-data"}
    assert len(list((current / "site" / "help" / "pdf").glob("*.pdf"))) == 6  # one per role
    assert "Готово" in first.stdout and "опубликовано" in first.stdout

    second = publish(tmp_path, tiny_school.path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert os.readlink(current) != first_release
    assert (tmp_path / "public" / first_release / "site" / "index.html").exists()


def test_a_failing_step_exits_non_zero_and_leaves_the_published_version(tmp_path, tiny_school):
    generate_key(tmp_path / "keys" / "archive.key")
    assert publish(tmp_path, tiny_school.path).returncode == 0
    published = os.readlink(tmp_path / "public" / "current")
    (tmp_path / "keys" / "archive.key").unlink()  # printing cannot sign any more
    failed = publish(tmp_path, tiny_school.path)
    assert failed.returncode != 0
    assert "ключа подписи архива" in failed.stdout + failed.stderr
    assert os.readlink(tmp_path / "public" / "current") == published


def test_missing_database_is_a_clear_error(tmp_path):
    result = publish(tmp_path, tmp_path / "nowhere.db")
    assert result.returncode != 0
    assert "база данных" in result.stderr and "не найдена" in result.stderr
