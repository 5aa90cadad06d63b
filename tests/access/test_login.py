"""Login attempts against the store: replay guard, family and client locks, lock expiry."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from ejsync.access.login import CLIENT_POLICY, attempt_login
from ejsync.access.sessions import Session, Signer
from ejsync.access.viewlog import ViewLog, write_views
from ejsync.family_codes import codes, totp
from ejsync.family_codes.policy import FAMILY_POLICY
from ejsync.keyfile import load_key
from tests.access.conftest import run_ejsync

NOW = datetime(2026, 11, 23, 9, 0, 15, tzinfo=UTC)


def _setup(school, key_file):
    conn = school.connect()
    secret = codes.issue(conn, key_file, 1).secret
    return conn, load_key(key_file), secret


def _code(secret: str, moment: datetime) -> str:
    return totp.code_at_step(secret, totp.current_step(moment.timestamp()))


def test_a_code_works_once_and_starts_a_session(tiny_school, key_file):
    conn, key, secret = _setup(tiny_school, key_file)
    first = attempt_login(conn, key, " IvanovY ", _code(secret, NOW), "client", 3600, NOW)
    assert first.session is not None and first.session.family_id == 1
    again = attempt_login(conn, key, "ivanovy", _code(secret, NOW), "client", 3600, NOW)
    assert again.session is None and again.locked_until is None
    stored = conn.execute("SELECT COUNT(*) FROM gate_sessions WHERE family_id = 1").fetchone()[0]
    assert stored == 1


def test_family_lock_holds_the_right_code_back_until_it_expires(tiny_school, key_file):
    conn, key, secret = _setup(tiny_school, key_file)
    for attempt in range(FAMILY_POLICY.max_failures):
        result = attempt_login(conn, key, "ivanovy", "000000", f"c{attempt}", 3600, NOW)
    assert result.locked_until == NOW + FAMILY_POLICY.lock
    later = NOW + timedelta(minutes=5)
    held = attempt_login(conn, key, "ivanovy", _code(secret, later), "other", 3600, later)
    assert held.session is None and held.locked_until == NOW + FAMILY_POLICY.lock
    after = NOW + FAMILY_POLICY.lock + timedelta(seconds=30)
    freed = attempt_login(conn, key, "ivanovy", _code(secret, after), "other", 3600, after)
    assert freed.session is not None


def test_one_client_guessing_many_logins_is_locked(tiny_school, key_file):
    conn, key, secret = _setup(tiny_school, key_file)
    for attempt in range(CLIENT_POLICY.max_failures):
        result = attempt_login(conn, key, f"guess{attempt}", "123456", "attacker", 3600, NOW)
    assert result.locked_until == NOW + CLIENT_POLICY.lock
    blocked = attempt_login(conn, key, "ivanovy", _code(secret, NOW), "attacker", 3600, NOW)
    assert blocked.session is None
    elsewhere = attempt_login(conn, key, "ivanovy", _code(secret, NOW), "family-phone", 3600, NOW)
    assert elsewhere.session is not None


def test_failures_outside_the_window_do_not_add_up(tiny_school, key_file):
    conn, key, _ = _setup(tiny_school, key_file)
    moment = NOW
    for _ in range(FAMILY_POLICY.max_failures * 2):
        result = attempt_login(conn, key, "ivanovy", "000000", "c", 3600, moment)
        assert result.locked_until is None
        moment += FAMILY_POLICY.window / (FAMILY_POLICY.max_failures - 1)


def test_session_cookies_expire_and_cannot_be_altered():
    signer = Signer(b"k" * 32)
    session = Session("abc", family_id=1, code_version=2, expires=1_000)
    value = signer.cookie_value(session)
    assert signer.verify(value, now=999) == session
    assert signer.verify(value, now=1_000) is None
    assert signer.verify(value.replace(".1.2.", ".2.2.", 1), now=999) is None
    assert signer.verify(value.replace(".1000.", ".9999.", 1), now=999) is None
    assert Signer(b"x" * 32).verify(value, now=999) is None


def test_gate_without_its_key_file_stops_with_a_russian_error(tiny_school, tmp_path):
    result = run_ejsync(
        "gate", "--db", str(tiny_school.path), "--root", str(tmp_path),
        "--key-file", str(tmp_path / "missing.key"),
    )
    assert result.returncode == 2
    assert "Файл ключа доступа" in result.stderr and "не найден" in result.stderr


def test_views_wait_while_the_store_is_busy(tiny_school):
    conn = tiny_school.connect()
    conn.execute("PRAGMA busy_timeout = 0")
    views = ViewLog()
    views.record(1, 1, "index.html")
    blocker = tiny_school.connect()
    blocker.execute("BEGIN IMMEDIATE")
    rows = views.take()
    with pytest.raises(sqlite3.OperationalError):
        write_views(conn, rows)
    views.put_back(rows)
    blocker.execute("ROLLBACK")
    views.record(1, 6, "week.html")
    assert write_views(conn, views.take()) == 2 and views.take() == []
    rows = conn.execute("SELECT student_id, page FROM diary_views ORDER BY id").fetchall()
    assert [tuple(row) for row in rows] == [(1, "index.html"), (6, "week.html")]
