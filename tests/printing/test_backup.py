"""Encrypted online backups: consistent under a committing writer, restored row by row, refusals."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ejsync.printing.backup import create_backup
from ejsync.printing.manifest import sha256_file
from tests.printing.conftest import run_ejsync

PASSPHRASE = "директор-код-2026"
BATCH = 5
WRITER = """
import sqlite3, sys, time, pathlib
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("PRAGMA busy_timeout = 10000")
stop, batch = pathlib.Path(sys.argv[2]), 0
while not stop.exists():
    batch += 1
    conn.execute("BEGIN IMMEDIATE")
    for i in range({batch}):
        conn.execute("INSERT INTO events (date, title, description) VALUES (?, ?, ?)",
                     ("2026-11-20", "Событие %d" % batch, "строка %d" % i))
    conn.execute("COMMIT")
    pathlib.Path(sys.argv[3]).write_text(str(batch))
    time.sleep(0.002)
""".replace("{batch}", str(BATCH))


def text(result) -> str:
    return " ".join((result.stdout + result.stderr).split())


def rows(conn: sqlite3.Connection, table: str, up_to: int | None = None) -> list[tuple]:
    where = "" if up_to is None else f" WHERE rowid <= {up_to}"
    return conn.execute(f'SELECT rowid, * FROM "{table}"{where} ORDER BY rowid').fetchall()


@pytest.fixture
def passphrase_file(tmp_path) -> Path:
    path = tmp_path / "code.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def backup(school, to: Path, passphrase_file: Path):
    return run_ejsync("backup", "--db", school.path, "--to", to,
                      "--passphrase-file", passphrase_file, "--by", "Иванов А. И.")


def test_backup_under_a_committing_writer_restores_identically(
    marked_school, tmp_path, passphrase_file
):
    stop, progress = tmp_path / "stop", tmp_path / "batches"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(marked_school.path), str(stop),
                               str(progress)])
    try:
        while not progress.exists() or int(progress.read_text() or 0) < 20:
            time.sleep(0.01)
        result = backup(marked_school, tmp_path / "disk", passphrase_file)
        assert result.returncode == 0, text(result)
        time.sleep(0.1)
    finally:
        stop.touch()
        writer.wait(timeout=30)
    (file,) = (tmp_path / "disk").glob("*.ejbak")
    assert b"events" not in file.read_bytes() and b"CREATE TABLE" not in file.read_bytes()
    restored_path = tmp_path / "restored.db"
    result = run_ejsync("restore", file, "--to", restored_path, "--db", marked_school.path,
                        "--passphrase-file", passphrase_file)
    assert result.returncode == 0, text(result)
    live, restored = sqlite3.connect(marked_school.path), sqlite3.connect(restored_path)
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert restored.execute(schema).fetchall() == live.execute(schema).fetchall()
    copied_events = restored.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert copied_events >= 20 * BATCH and copied_events % BATCH == 0
    assert live.execute("SELECT COUNT(*) FROM events").fetchone()[0] > copied_events
    tables = [r[0] for r in restored.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        copied = rows(restored, table)
        last = copied[-1][0] if copied else 0
        assert copied == rows(live, table, last), table
    log = live.execute("SELECT action, by_name, sha256 FROM backup_log ORDER BY id").fetchall()
    assert [r[0] for r in log] == ["backup", "restore"]
    assert log[0][1] == "Иванов А. И." and len(log[0][2]) == 64


def test_wrong_passphrase_is_refused_and_nothing_changes(marked_school, tmp_path,
                                                         passphrase_file):
    assert backup(marked_school, tmp_path / "disk", passphrase_file).returncode == 0
    (file,) = (tmp_path / "disk").glob("*.ejbak")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("не тот код доступа")
    before = marked_school.path.read_bytes()
    result = run_ejsync("restore", file, "--to", marked_school.path, "--force",
                        "--db", marked_school.path, "--passphrase-file", wrong)
    assert result.returncode == 2
    assert "P-BACKUP" in text(result) and "неверный код" in text(result)
    assert marked_school.path.read_bytes() == before
    result = run_ejsync("restore", file, "--to", tmp_path / "new.db", "--passphrase-file", wrong)
    assert result.returncode == 2 and not (tmp_path / "new.db").exists()


def test_tampered_backup_is_refused(marked_school, tmp_path, passphrase_file):
    backup(marked_school, tmp_path / "disk", passphrase_file)
    (file,) = (tmp_path / "disk").glob("*.ejbak")
    checked = run_ejsync("restore", file, "--check", "--db", marked_school.path,
                         "--passphrase-file", passphrase_file)
    assert checked.returncode == 0 and "в порядке" in text(checked)
    actions = [r[0] for r in marked_school.connect().execute("SELECT action FROM backup_log")]
    assert actions == ["backup", "verify"]
    content = bytearray(file.read_bytes())
    content[-100] ^= 0xFF
    file.write_bytes(bytes(content))
    result = run_ejsync("restore", file, "--check", "--db", marked_school.path,
                        "--passphrase-file", passphrase_file)
    assert result.returncode == 2 and "повреждён" in text(result)


def test_live_database_is_not_overwritten_without_force(marked_school, tmp_path,
                                                        passphrase_file):
    backup(marked_school, tmp_path / "disk", passphrase_file)
    (file,) = (tmp_path / "disk").glob("*.ejbak")
    conn = marked_school.connect()
    conn.execute("INSERT INTO events (date, title) VALUES ('2026-11-21', 'После копии')")
    refused = run_ejsync("restore", file, "--to", marked_school.path, "--db", marked_school.path,
                         "--passphrase-file", passphrase_file)
    assert refused.returncode == 2 and "--force" in text(refused)
    assert conn.execute("SELECT COUNT(*) FROM events WHERE title = 'После копии'").fetchone()[0]
    forced = run_ejsync("restore", file, "--to", marked_school.path, "--force",
                        "--db", marked_school.path, "--passphrase-file", passphrase_file)
    assert forced.returncode == 0, text(forced)
    assert not conn.execute("SELECT COUNT(*) FROM events WHERE title = 'После копии'").fetchone()[0]
    assert len(list((tmp_path / "disk").glob("*.ejbak"))) == 2
    actions = [r[0] for r in conn.execute("SELECT action FROM backup_log ORDER BY id")]
    assert actions[-1] == "restore"


def test_short_passphrase_is_refused(marked_school, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("12345")
    result = backup(marked_school, tmp_path / "disk", short)
    assert result.returncode == 2 and "P-BACKUP" in text(result)
    assert not (tmp_path / "disk").exists()


def test_backups_in_the_same_second_never_replace_each_other(marked_school, tmp_path):
    disk = tmp_path / "disk"
    made = [create_backup(marked_school.path, disk, PASSPHRASE, by_name="Иванов А. И.")
            for _ in range(3)]
    assert len({b.path for b in made}) == 3
    assert sorted(disk.glob("*.ejbak")) == sorted(b.path for b in made)
    assert all(sha256_file(b.path) == b.sha256 for b in made)
    assert not list(disk.glob(".*"))
