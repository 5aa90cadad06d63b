"""Continuous replication to real SeaweedFS with real Litestream, and restore from it."""

from __future__ import annotations

import filecmp
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ejsync.objectstore.settings import load_storage
from ejsync.replica.lag import read_status, replica_lag
from ejsync.replica.run import newest_upload
from ejsync.store import connect
from tests.district.conftest import make_school, remove_database, wait_for
from tests.tiny_school import CLASS_5A

SKIP_TABLES = ("sqlite_", "_litestream")


def enroll(db: Path, surname: str) -> None:
    """A new student in 5А and a class event: a write the diaries show."""
    conn = connect(db)
    try:
        conn.execute("BEGIN IMMEDIATE")
        student = conn.execute(
            "INSERT INTO students (last_name, first_name, gender) VALUES (?, 'Ева', 'ж')",
            (surname,)).lastrowid
        conn.execute("INSERT INTO enrollments (student_id, class_id, from_date)"
                     " VALUES (?, ?, '2026-09-01')", (student, CLASS_5A))
        conn.execute("INSERT INTO events (date, title, class_id) VALUES ('2026-11-20', ?, ?)",
                     (f"Собрание {surname}", CLASS_5A))
        conn.execute("COMMIT")
    finally:
        conn.close()


def all_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in rowid order (Litestream's own tables aside)."""
    conn = connect(db, readonly=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not r[0].startswith(SKIP_TABLES)]
        return {t: [tuple(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid')]
                for t in tables}
    finally:
        conn.close()


def caught_up(db: Path) -> bool:
    """Whether the replica holds every change of the database right now."""
    replica_at = newest_upload(load_storage(db.parent.parent / "var/secrets/storage.toml"))
    conn = connect(db, readonly=True)
    try:
        return replica_lag(conn, replica_at).pending == 0
    finally:
        conn.close()


def test_write_lose_the_machine_restore_row_for_row_and_point_in_time(seaweed, tmp_path):
    school = make_school(tmp_path / "school", seaweed, "school-a")
    secret_name = f"Шифрованная{uuid.uuid4().hex[:8]}"
    enroll(school.db, secret_name)
    replication = school.replicate(tmp_path / "replicate.log")
    try:
        wait_for(lambda: caught_up(school.db), what="the first batch in the replica")
        first_rows = all_rows(school.db)
        time.sleep(1.2)
        moment = datetime.now(UTC)
        time.sleep(1.2)
        enroll(school.db, "Позднякова")
        school.run("build", "--full", "--out", str(tmp_path / "before"))  # writes tokens too
        wait_for(lambda: caught_up(school.db), what="the second batch in the replica")
        status = wait_for(lambda: read_status(school.db), what="the status file")
        assert status.error == ""
    finally:
        replication.terminate()
        replication.wait(timeout=20)
    latest_rows = all_rows(school.db)
    local_bytes = b"".join(p.read_bytes() for p in school.db.parent.glob("school.db*"))
    assert secret_name.encode() in local_bytes  # the control: the name is there in plain text

    remove_database(school.db)
    result = school.run("restore", "--from-replica", "--diary", str(tmp_path / "after"))
    assert "integrity_check ok" in result.stdout
    restored = all_rows(school.db)
    log = restored.pop("backup_log")
    assert restored == {t: rows for t, rows in latest_rows.items() if t != "backup_log"}
    assert [row[1] for row in log] == [row[1] for row in latest_rows["backup_log"]] + ["restore"]
    comparison = filecmp.dircmp(tmp_path / "before", tmp_path / "after", ignore=[".manifest.db"])
    assert _same_tree(comparison)

    school.run("restore", "--from-replica", "--at", moment.isoformat(timespec="seconds"), "--to", str(tmp_path / "then.db"),
               "--diary", str(tmp_path / "then-diary"))
    then = all_rows(tmp_path / "then.db")
    written_after = ("backup_log", "diary_tokens", "changes")  # by the restore and its build
    assert {t: r for t, r in then.items() if t not in written_after} == \
        {t: r for t, r in first_rows.items() if t not in written_after}
    assert then["changes"][:len(first_rows["changes"])] == first_rows["changes"]
    assert then["diary_tokens"][:len(first_rows["diary_tokens"])] == first_rows["diary_tokens"]
    assert not any("Позднякова" in str(row) for row in then["students"])

    # Personal data left the machine only encrypted: no stored byte shows the name.
    stored = [p for p in (seaweed.folder / "data").rglob("*") if p.is_file()]
    assert stored and not any(secret_name.encode() in p.read_bytes() for p in stored)


def _same_tree(comparison: filecmp.dircmp) -> bool:
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return False
    _match, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right,
                                                comparison.common_files, shallow=False)
    return not mismatch and not errors and all(
        _same_tree(sub) for sub in comparison.subdirs.values())


@pytest.fixture(scope="module")
def replicated_school(seaweed, tmp_path_factory):
    """A school whose replica exists (one snapshot), replication stopped."""
    folder = tmp_path_factory.mktemp("replicated")
    school = make_school(folder / "school", seaweed, "school-a")
    replication = school.replicate(folder / "replicate.log")
    try:
        wait_for(lambda: caught_up(school.db), what="the snapshot in the replica")
    finally:
        replication.terminate()
        replication.wait(timeout=20)
    return school


def test_another_schools_replica_is_refused(replicated_school, seaweed, tmp_path):
    other = make_school(tmp_path / "other", seaweed, "school-b")
    text = other.storage.read_text(encoding="utf-8")
    other.storage.write_text(text.replace(f"s3://school-b-replica/{other.prefix}",
                                          f"s3://school-a-replica/{replicated_school.prefix}"))
    result = other.run("restore", "--from-replica", "--to", str(tmp_path / "x.db"), check=False)
    assert result.returncode == 2
    assert "копия другой школы" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_restore_before_the_school_existed_is_refused(replicated_school, tmp_path):
    result = replicated_school.run("restore", "--from-replica", "--at", "2001-09-01 08:00",
                                   "--to", str(tmp_path / "x.db"), check=False)
    assert result.returncode == 2
    assert "ещё не было" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_restore_never_overwrites_silently(replicated_school):
    before = replicated_school.db.read_bytes()
    result = replicated_school.run("restore", "--from-replica", check=False)
    assert result.returncode == 2 and "--force" in result.stderr
    assert replicated_school.db.read_bytes() == before


def _write_with_short_timeout(db: Path, surname: str) -> None:
    """A staff write that would fail at once if replication held the write lock."""
    conn = connect(db)
    try:
        conn.execute("PRAGMA busy_timeout = 200")
        conn.execute("INSERT INTO events (date, title, class_id) VALUES ('2026-11-21', ?, ?)",
                     (f"Событие {surname}", CLASS_5A))
    finally:
        conn.close()


def test_storage_down_then_back_replication_retries_and_staff_keep_writing(seaweed, tmp_path,
                                                                           page):
    from ejsync.objectstore.seaweed import SeaweedServer
    from tests.district.conftest import ADMIN, SCHOOLS
    from tests.servers import free_port
    from tests.staff.conftest import _start, _with_accounts, login_in_browser
    from tests.tiny_school import ADMIN as ADMIN_STAFF
    from tests.tiny_school import MATH_TEACHER, TinySchool

    port = free_port()
    school = make_school(tmp_path / "school", seaweed, "school-a",
                         endpoint=f"http://127.0.0.1:{port}")
    replication = school.replicate(tmp_path / "replicate.log")
    try:
        for n in range(5):
            _write_with_short_timeout(school.db, f"№{n}")
        status = wait_for(lambda: (s := read_status(school.db)) and s.error and s,
                          what="a storage error in the status")
        assert "недоступно" in status.error
        doctor = school.run("doctor", check=False)
        assert "Копия базы в хранилище" in doctor.stdout and "недоступно" in doctor.stdout
        assert "копии ещё нет" in doctor.stdout and doctor.returncode == 1
        _with_accounts(school.db)
        for server in _start(TinySchool(school.db), tmp_path):
            login_in_browser(page, server, ADMIN_STAFF)
            banner = page.locator("[data-replica-lag]")
            assert "недоступно" in banner.inner_text()
            page.context.clear_cookies()
            login_in_browser(page, server, MATH_TEACHER)
            assert page.locator("[data-replica-lag]").count() == 0
        with SeaweedServer(tmp_path / "store", [ADMIN, SCHOOLS["school-a"]],
                           s3_port=port) as store:
            store.create_buckets(["school-a-replica"])
            wait_for(lambda: caught_up(school.db), timeout=90, what="Litestream to retry")
            _write_with_short_timeout(school.db, "после")
            wait_for(lambda: caught_up(school.db), what="the next write")
            doctor = school.run("doctor", check=False)
            assert "догнала базу" in doctor.stdout
    finally:
        replication.terminate()
        replication.wait(timeout=20)


def test_wrong_credentials_are_reported_in_russian(seaweed, tmp_path):
    school = make_school(tmp_path / "school", seaweed, "school-a", access_key="EJNOBODY")
    replication = school.replicate(tmp_path / "replicate.log")
    try:
        _write_with_short_timeout(school.db, "ключи")
        status = wait_for(lambda: (s := read_status(school.db)) and s.error and s,
                          what="an error in the status")
        assert "не принимает ключи доступа" in status.error
    finally:
        replication.terminate()
        replication.wait(timeout=20)


def test_up_runs_replication_only_when_a_replica_is_configured(seaweed, tmp_path, monkeypatch):
    from ejsync.commands.up import replication

    monkeypatch.delenv("EJSYNC_STORAGE_FILE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert replication(Path("db/school.db")) == []
    school = make_school(tmp_path / "school", seaweed, "school-a")
    monkeypatch.chdir(school.folder)
    [service] = replication(Path("db/school.db"))
    assert service.argv[-3:] == ["replicate", "--db", "db/school.db"]
