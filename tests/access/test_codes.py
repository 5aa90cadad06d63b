"""Issuing, reissuing, revoking and listing family codes through the real CLI and store."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from ejsync.errors import UserError
from ejsync.family_codes import codes, totp
from ejsync.family_codes.codes import active_secret
from ejsync.keyfile import key_file_problems
from tests.access.conftest import family_secret, issue_code, issue_in_process, run_ejsync
from tests.tiny_school import ENGLISH_TEACHER, MATH_TEACHER, TinySchool


def _codes(school: TinySchool, family_id: int) -> list[tuple]:
    conn = school.connect()
    rows = conn.execute(
        "SELECT version, revoked_at IS NULL, secret_encrypted FROM access_codes"
        " WHERE family_id = ? ORDER BY version",
        (family_id,),
    ).fetchall()
    conn.close()
    return [tuple(row) for row in rows]


def test_issue_prints_uri_once_and_stores_only_ciphertext(tiny_school, key_file):
    record = issue_code(tiny_school, key_file, 1)
    uri = urlparse(record["otpauth_uri"])
    assert uri.scheme == "otpauth" and uri.netloc == "totp"
    assert uri.path.endswith(":ivanovy")
    secret = parse_qs(uri.query)["secret"][0]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    [(version, active, blob)] = _codes(tiny_school, 1)
    assert (version, active) == (1, 1)
    assert secret.encode() not in bytes(blob)
    assert family_secret(tiny_school, key_file, 1) == secret


def test_second_issue_is_refused_and_changes_nothing(tiny_school, key_file):
    issue_in_process(tiny_school, key_file, 1)
    before = _codes(tiny_school, 1)
    result = run_ejsync(
        "access", "issue", "--db", str(tiny_school.path), "--family", "1", key_file=key_file
    )
    assert result.returncode == 2
    assert "уже есть действующий код" in result.stderr and "reissue" in result.stderr
    assert _codes(tiny_school, 1) == before


def test_declined_family_gets_no_code(tiny_school, key_file):
    result = run_ejsync(
        "access", "issue", "--db", str(tiny_school.path), "--family", "3", key_file=key_file
    )
    assert result.returncode == 2
    assert "R-OFFLINE-FAMILY" in result.stderr and "Сидоровых" in result.stderr
    assert _codes(tiny_school, 3) == []
    assert not key_file.exists()


def test_store_refuses_a_code_for_a_declined_family_and_declining_revokes(tiny_school):
    conn = tiny_school.connect()
    with pytest.raises(sqlite3.IntegrityError, match="R-OFFLINE-FAMILY"):
        conn.execute(
            "INSERT INTO access_codes (family_id, version, secret_encrypted, issued_at)"
            " VALUES (3, 1, x'00', '2026-11-22T10:00:00Z')"
        )
    conn.execute(
        "INSERT INTO access_codes (family_id, version, secret_encrypted, issued_at)"
        " VALUES (2, 1, x'00', '2026-11-22T10:00:00Z')"
    )
    conn.execute("UPDATE families SET electronic_access = 0 WHERE id = 2")
    revoked = conn.execute("SELECT revoked_at FROM access_codes WHERE family_id = 2").fetchone()[0]
    assert revoked is not None
    with pytest.raises(sqlite3.IntegrityError, match="R-CREDENTIALS"):
        conn.execute("DELETE FROM access_codes WHERE family_id = 2")
    conn.close()


def test_reissue_replaces_the_secret_and_list_shows_no_secret(tiny_school, key_file):
    first = issue_in_process(tiny_school, key_file, 1)
    second = issue_code(tiny_school, key_file, 1, action="reissue")
    assert second["version"] == 2 and second["otpauth_uri"] != first.uri
    assert [(v, a) for v, a, _ in _codes(tiny_school, 1)] == [(1, 0), (2, 1)]
    listing = run_ejsync("access", "list", "--db", str(tiny_school.path), "--family", "1", "--json")
    assert listing.returncode == 0, listing.stderr
    data = json.loads(listing.stdout)
    assert [c["state"] for c in data["codes"]] == ["отозван", "действует"]
    for secret_uri in (first.uri, second["otpauth_uri"]):
        secret = parse_qs(urlparse(secret_uri).query)["secret"][0]
        assert secret not in listing.stdout


def test_revoke_closes_access(tiny_school, key_file):
    issue_in_process(tiny_school, key_file, 2)
    result = run_ejsync("access", "revoke", "--db", str(tiny_school.path), "--family", "2")
    assert result.returncode == 0, result.stderr
    conn = tiny_school.connect()
    with pytest.raises(UserError, match="нет действующего кода"):
        active_secret(conn, key_file, 2)
    conn.close()


def test_class_teacher_issues_but_only_admin_reissues(tiny_school, key_file):
    args = ["--db", str(tiny_school.path), "--family", "1", "--no-letter"]
    refused = run_ejsync("access", "issue", *args, "--by", str(ENGLISH_TEACHER), key_file=key_file)
    assert refused.returncode == 2 and "R-CREDENTIALS" in refused.stderr
    allowed = run_ejsync("access", "issue", *args, "--by", str(MATH_TEACHER), key_file=key_file)
    assert allowed.returncode == 0, allowed.stderr
    reissue = run_ejsync("access", "reissue", *args, "--by", str(MATH_TEACHER), key_file=key_file)
    assert reissue.returncode == 2 and "администратор" in reissue.stderr
    assert [(v, a) for v, a, _ in _codes(tiny_school, 1)] == [(1, 1)]


def test_missing_or_foreign_key_file_gives_a_russian_error(tiny_school, key_file, tmp_path):
    conn = tiny_school.connect()
    codes.issue(conn, key_file, 1)
    with pytest.raises(UserError, match="не найден"):
        active_secret(conn, tmp_path / "nowhere.key", 1)
    other = tmp_path / "other.key"
    codes.issue(conn, other, 2)
    with pytest.raises(UserError, match="не расшифровывается"):
        active_secret(conn, other, 1)
    conn.close()


def test_codes_match_within_one_step_and_never_twice():
    secret = totp.new_secret()
    now = 1_800_000_015.0
    step = totp.current_step(now)
    for offset in (-1, 0, 1):
        code = totp.code_at_step(secret, step + offset)
        assert totp.matching_step(secret, code, last_used_step=None, now=now) == step + offset
    too_old = totp.code_at_step(secret, step - 2)
    assert totp.matching_step(secret, too_old, last_used_step=None, now=now) is None
    code = totp.code_at_step(secret, step)
    assert totp.matching_step(secret, code, last_used_step=step, now=now) is None
    assert totp.matching_step(secret, "12a456", last_used_step=None, now=now) is None


def test_key_file_is_never_inside_the_database(tiny_school, key_file: Path):
    conn = tiny_school.connect()
    codes.issue(conn, key_file, 1)
    conn.close()
    key_text = key_file.read_bytes().strip()
    assert key_text not in tiny_school.path.read_bytes()


def test_issue_for_a_whole_class_skips_declined_and_already_served(tiny_school, key_file):
    issue_in_process(tiny_school, key_file, 2)
    result = run_ejsync(
        "access", "issue", "--db", str(tiny_school.path), "--class", "5А", "--json",
        "--no-letter", key_file=key_file,
    )
    assert result.returncode == 0, result.stderr
    records = {record["family_id"]: record for record in json.loads(result.stdout)}
    assert sorted(records) == [1, 2, 3, 4]
    assert "R-OFFLINE-FAMILY" in records[3]["skipped"]
    assert "уже есть действующий код" in records[2]["skipped"]
    assert records[1]["otpauth_uri"].startswith("otpauth://totp/")
    assert [(v, a) for v, a, _ in _codes(tiny_school, 4)] == [(1, 1)]
    assert _codes(tiny_school, 3) == []


def test_key_file_problems_name_what_to_do(tiny_school, key_file, tmp_path):
    assert "не найден" in key_file_problems(key_file)[0]
    conn = tiny_school.connect()
    codes.issue(conn, key_file, 1)
    conn.close()
    assert key_file_problems(key_file) == []
    key_file.chmod(0o644)
    assert "chmod 600" in key_file_problems(key_file)[0]
    broken = tmp_path / "broken.key"
    broken.write_text("not a key")
    assert "повреждён" in key_file_problems(broken)[0]
