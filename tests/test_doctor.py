"""`ejsync doctor` finds what is wrong with an installation and says how to fix it."""

from __future__ import annotations

import os
import re
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


def test_an_earlier_text_of_a_landed_migration_is_reported_with_the_fix(tmp_path):
    from tests.store.test_migration_checks import database_before_checksums, earlier

    database_before_checksums(tmp_path / "old.db", {5: earlier(5, "c22126c")}).close()
    result = doctor(tmp_path, tmp_path / "old.db")
    text = " ".join(result.stdout.split())
    assert result.returncode == 1
    assert "0005_change_days.sql (коммит c22126c)" in text and "ejsync migrate" in text


def test_a_trigger_dropped_by_hand_is_reported_and_repaired(tmp_path, tiny_school):
    generate_key(tmp_path / "keys" / "archive.key")
    conn = tiny_school.connect()
    conn.execute("DROP TRIGGER marks_no_update")
    conn.close()
    result = doctor(tmp_path, tiny_school.path)
    text = " ".join(result.stdout.split())
    assert result.returncode == 1
    assert "в обход миграций" in text and "триггер marks_no_update" in text
    repaired = subprocess.run(
        [sys.executable, "-m", "ejsync", "migrate", "--repair", "--db", str(tiny_school.path)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert repaired.returncode == 0, repaired.stderr
    assert "триггер marks_no_update" in repaired.stdout
    after = doctor(tmp_path, tiny_school.path)
    assert after.returncode == 2  # repaired: only the warnings of the dead servers remain
    assert "в обход миграций" not in " ".join(after.stdout.split())


def test_a_damaged_database_gets_the_same_diagnosis_as_every_command(tmp_path, tiny_school):
    data = tiny_school.path.read_bytes()
    tiny_school.path.write_bytes(data[: len(data) // 2])
    result = doctor(tmp_path, tiny_school.path)
    check = subprocess.run(
        [sys.executable, "-m", "ejsync", "check", "--full", "--db", str(tiny_school.path)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    sizes = re.compile(r"обрезан: по его заголовку в нём (\d+) байт, а на диске (\d+)")
    found = [sizes.search(" ".join(out.split())) for out in (result.stdout, check.stderr)]
    assert result.returncode == 1 and check.returncode == 2
    assert all(found) and found[0].groups() == found[1].groups() == (
        str(len(data)), str(len(data) // 2))
    assert "ejsync restore" in " ".join(result.stdout.split())
