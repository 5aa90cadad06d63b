"""«Доступ семей» in the real staff server: who may issue, reissue and revoke, and the letter."""

from __future__ import annotations

import subprocess
from urllib.parse import parse_qs, urlparse

import pytest

from ejsync.family_codes.codes import active_secret
from tests.staff.conftest import _start, _with_accounts, login_in_browser, screenshot
from tests.tiny_school import ADMIN, ENGLISH_TEACHER, MATH_TEACHER, TinySchool

PAGE = "/staff/family-access"


@pytest.fixture
def staff(tiny_school: TinySchool, key_file, tmp_path, monkeypatch):
    """`ejsync staff` over the tiny school, with the access key of this test."""
    monkeypatch.setenv("EJSYNC_ACCESS_KEY_FILE", str(key_file))
    _with_accounts(tiny_school.path)
    yield from _start(tiny_school, tmp_path)


def _codes(school: TinySchool, family_id: int) -> list[tuple]:
    conn = school.connect()
    rows = conn.execute(
        "SELECT version, issued_by, revoked_at IS NOT NULL, revoked_by FROM access_codes"
        " WHERE family_id = ? ORDER BY version", (family_id,),
    ).fetchall()
    conn.close()
    return [tuple(row) for row in rows]


def _letter_uri(pdf: bytes, tmp_path) -> str:
    (tmp_path / "letter.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "letter.pdf"),
                    str(tmp_path / "letter")], check=True)
    return subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "letter.png")],
                          capture_output=True, text=True, check=True).stdout.strip()


def test_only_the_admin_reissues_and_the_class_teacher_revokes(staff):
    teacher, admin = staff.client(MATH_TEACHER), staff.client(ADMIN)
    assert teacher.post(PAGE, data={"action": "issue", "family": "2"}).status_code == 200
    refused = teacher.post(PAGE, data={"action": "reissue", "family": "2"})
    assert refused.status_code == 400 and "R-CREDENTIALS" in refused.text
    assert _codes(staff.school, 2) == [(1, MATH_TEACHER, 0, None)]
    reissued = admin.post(f"{PAGE}?class=2", data={"action": "reissue", "family": "2"})
    assert reissued.status_code == 200 and "family-2-v2.pdf" in reissued.headers[
        "content-disposition"]
    revoked = teacher.post(PAGE, data={"action": "revoke", "family": "2"})
    assert revoked.status_code == 302
    assert _codes(staff.school, 2) == [(1, MATH_TEACHER, 1, ADMIN), (2, ADMIN, 1, MATH_TEACHER)]


def test_others_are_turned_away(staff):
    assert staff.client(ENGLISH_TEACHER).get(PAGE).status_code == 403
    teacher = staff.client(MATH_TEACHER)
    assert teacher.post(PAGE, data={"action": "issue", "family": "5"}).status_code == 403
    declined = teacher.post(PAGE, data={"action": "issue", "family": "3"})
    assert declined.status_code == 400 and "R-OFFLINE-FAMILY" in declined.text
    assert _codes(staff.school, 5) == [] and _codes(staff.school, 3) == []


def test_class_teacher_downloads_the_letter_in_chromium(staff, page, key_file, tmp_path):
    login_in_browser(page, staff, MATH_TEACHER, then=PAGE)
    listed = page.locator("tr[data-family] td:first-child").all_inner_texts()
    assert listed == ["Семья Ивановых", "Семья Кузнецовых", "Семья Петровых", "Семья Сидоровых"]
    assert "отказ от электронного доступа" in page.locator("tr[data-family='3']").inner_text()
    row = page.locator("tr[data-family='4']")
    assert "не выдан" in row.inner_text()
    with page.expect_download() as download:
        row.locator("button[value=issue]").click()
    letter = tmp_path / download.value.suggested_filename
    download.value.save_as(letter)
    assert letter.name == "family-4-v1.pdf"
    uri = _letter_uri(letter.read_bytes(), tmp_path)
    assert uri.startswith("otpauth://totp/") and ":kuznetsovy?" in uri
    conn = staff.school.connect()
    assert parse_qs(urlparse(uri).query)["secret"][0] == active_secret(conn, key_file, 4)[1]
    conn.close()
    assert _codes(staff.school, 4) == [(1, MATH_TEACHER, 0, None)]
    page.goto(staff.url + PAGE)
    assert "действует, версия 1" in page.locator("tr[data-family='4']").inner_text()
    screenshot(page, "family-access")
