"""Logins, roles, secrets and the JSON write API against the real staff server."""

from __future__ import annotations

import httpx
import pytest

from tests.staff.conftest import LOGINS, PASSWORD, login_in_browser
from tests.tiny_school import (
    ADMIN,
    DEPUTY,
    ENGLISH_5A_G1,
    ENGLISH_TEACHER,
    IVANOV,
    MATH_5B_MON,
    MATH_TEACHER,
    RUSSIAN_TEACHER,
    SECRETARY,
    SMIRNOV,
)

SECRET_URLS = [
    "/school/staff_accounts",
    "/school/staff_accounts.json",
    "/school/staff_accounts.csv",
    "/school/access_codes.json",
    "/school/staff_sessions.json",
    "/school/diary_tokens.json",
    "/school/-/query.json?sql=select+password_hash+from+staff_accounts",
    "/school/-/query.json?sql=select+*+from+access_codes",
    "/school.db",
]


@pytest.mark.parametrize("path", ["/", "/school", "/school/marks", "/staff/today"])
def test_anonymous_visitors_are_sent_to_login(staff_server, path):
    response = staff_server.client().get(path)
    assert response.status_code == 302
    assert response.headers["location"].startswith("/staff/login")


def test_anonymous_api_gets_a_russian_401(staff_server):
    response = staff_server.client().get(
        "/school/marks.json", headers={"Authorization": "Bearer ejst_wrong"}
    )
    assert response.status_code == 401
    assert "Войдите" in response.json()["errors"][0]


def test_datasette_is_the_admins_tool_and_nobody_reads_secrets(staff_server):
    teacher = staff_server.client(MATH_TEACHER)
    for path in ("/school", "/school/marks", "/school/marks.json", "/school/guardians.csv",
                 "/school/-/query.json?sql=select+1", "/-/databases.json", "/school.json"):
        response = teacher.get(path)
        assert response.status_code in (302, 403), path
        assert "Иванова" not in response.text
    assert teacher.get("/").headers["location"] == "/staff/"
    admin = staff_server.client(ADMIN)
    assert admin.get("/school/marks.json").status_code == 200
    for path in SECRET_URLS:
        response = admin.get(path)
        assert response.status_code in (400, 403, 404), path
        assert "$argon2" not in response.text
    tables = {table["name"] for table in admin.get("/school.json").json()["tables"]}
    assert "marks" in tables
    assert not tables & {"staff_accounts", "access_codes", "staff_sessions", "diary_tokens",
                         "login_attempts"}


def test_even_the_admin_cannot_read_hashes_through_sql(staff_server):
    client = staff_server.client(ADMIN)
    assert client.get("/school/-/query.json?sql=select+count(*)+from+marks").status_code == 200
    for sql in (
        "select login, password_hash from staff_accounts",
        "select * from (select * from access_codes)",
        "select token_hash from staff_sessions",
        "select * from login_attempts",
    ):
        response = client.get("/school/-/query.json", params={"sql": sql})
        assert not response.json()["ok"]
        assert "$argon2" not in response.text


def test_a_teachers_token_cannot_use_the_generic_write_api(staff_server):
    token = staff_server.api_token(ENGLISH_TEACHER)
    before = staff_server.db().execute("SELECT COUNT(*) FROM marks").fetchone()[0]
    response = httpx.post(
        f"{staff_server.url}/school/marks/-/insert",
        headers={"Authorization": f"Bearer {token}"},
        json={"row": {"student_id": SMIRNOV, "subject_id": 1, "lesson_id": MATH_5B_MON,
                      "value": "5", "work_type": "answer"}},
    )
    assert response.status_code == 403
    assert response.json()["errors"][0].startswith("R-PERSONAL-DATA")
    assert "администратору" in response.json()["errors"][0]
    assert staff_server.db().execute("SELECT COUNT(*) FROM marks").fetchone()[0] == before


def test_api_author_is_stamped_from_the_token_not_the_body(staff_server):
    token = staff_server.api_token(ADMIN)
    response = httpx.post(
        f"{staff_server.url}/school/marks/-/insert",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "row": {
                "student_id": IVANOV,
                "subject_id": 3,
                "lesson_id": ENGLISH_5A_G1,
                "value": "4",
                "work_type": "answer",
                "created_by": MATH_TEACHER,
            }
        },
    )
    assert response.status_code == 201, response.text
    mark_id = response.json()["rows"][0]["id"]
    row = staff_server.db().execute("SELECT created_by FROM marks WHERE id = ?", (mark_id,))
    assert row.fetchone()[0] == ADMIN


def test_role_change_works_without_restart(staff_server):
    client = staff_server.client(SECRETARY)
    assert client.get("/school/-/query.json?sql=select+1").status_code == 403
    conn = staff_server.db()
    conn.execute("INSERT INTO staff_roles (staff_id, role) VALUES (?, 'admin')", (SECRETARY,))
    try:
        assert client.get("/school/-/query.json?sql=select+1").status_code == 200
    finally:
        conn.execute("DELETE FROM staff_roles WHERE staff_id = ? AND role = 'admin'", (SECRETARY,))
    assert client.get("/school/-/query.json?sql=select+1").status_code == 403


def test_admin_disables_an_account_and_its_session_stops(page, staff_server):
    teacher = staff_server.client(RUSSIAN_TEACHER)
    token = staff_server.api_token(RUSSIAN_TEACHER)
    assert teacher.get("/staff/today").status_code == 200
    login_in_browser(page, staff_server, ADMIN, "/staff/accounts")
    page.click(f"tr[data-staff='{RUSSIAN_TEACHER}'] button[value=disable]")
    assert "отключена" in page.locator("#account-result").inner_text()
    response = teacher.get("/staff/today")
    assert response.status_code == 302 and "/staff/login" in response.headers["location"]
    api = httpx.get(
        f"{staff_server.url}/staff/today", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code in (302, 401)
    refused = staff_server.client().post(
        "/staff/login", data={"login": LOGINS[RUSSIAN_TEACHER], "password": PASSWORD}
    )
    assert refused.status_code == 401 and "отключена" in refused.text
    page.click(f"tr[data-staff='{RUSSIAN_TEACHER}'] button[value=enable]")
    page.wait_for_selector("text=снова включена")
    assert staff_server.client(RUSSIAN_TEACHER).get("/staff/today").status_code == 200


def test_admin_creates_an_account_and_the_password_is_shown_once(page, staff_server):
    conn = staff_server.db()
    conn.execute("INSERT INTO staff (id, last_name, first_name) VALUES (50, 'Новикова', 'Ия')")
    conn.execute("INSERT INTO staff_roles (staff_id, role) VALUES (50, 'teacher')")
    login_in_browser(page, staff_server, ADMIN, "/staff/accounts")
    page.fill("tr[data-staff='50'] input[name=login]", "novikova")
    page.click("tr[data-staff='50'] button:has-text('Создать')")
    result = page.locator("#account-result").inner_text()
    password = result.rsplit(": ", 1)[1].strip()
    stored = conn.execute("SELECT password_hash FROM staff_accounts WHERE staff_id = 50")
    assert stored.fetchone()[0].startswith("$argon2id$")
    client = httpx.Client(base_url=staff_server.url)
    assert (
        client.post("/staff/login", data={"login": "novikova", "password": password}).status_code
        == 302
    )
    page.reload()
    assert password not in page.content()


def test_non_admin_cannot_manage_accounts(staff_server):
    response = staff_server.client(DEPUTY).post(
        "/staff/accounts", data={"action": "disable", "staff_id": str(ADMIN)}
    )
    assert response.status_code == 403
    disabled = (
        staff_server.db()
        .execute("SELECT disabled_at FROM staff_accounts WHERE staff_id = ?", (ADMIN,))
        .fetchone()[0]
    )
    assert disabled is None


def test_too_many_bad_passwords_lock_the_login_without_telling_strangers(page, staff_server):
    client = staff_server.client()
    unknown = client.post("/staff/login", data={"login": "nobody-here", "password": "nope"})
    for _ in range(5):
        bad = client.post("/staff/login", data={"login": LOGINS[DEPUTY], "password": "nope"})
        assert bad.status_code == 401 and "Неверный логин или пароль" in bad.text
    page.goto(f"{staff_server.url}/staff/login")
    page.fill("#login", LOGINS[DEPUTY])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    locked = page.locator(".message-error").inner_text()
    assert "/staff/login" in page.url
    assert "заблокирован" not in locked and LOGINS[DEPUTY] not in locked
    assert locked == page.locator(".message-error").inner_text()
    assert unknown.status_code == 401
    assert _message(unknown.text) == locked  # a locked login answers as an unknown one


def test_datasette_pages_speak_russian(staff_server):
    client = staff_server.client(ADMIN)
    table = client.get("/school/lessons").text
    assert "Применить" in table and "Apply filters" not in table
    assert "Рабочий стол" in table  # the way back to the staff pages
    assert "Таблицы" in client.get("/school").text


def test_every_help_link_has_its_section_in_the_guide():
    from ejsync.config import PROJECT_ROOT
    from ejsync.staff.help import HELP_ANCHORS

    for guide, anchor in HELP_ANCHORS.values():
        text = (PROJECT_ROOT / "content" / "help" / f"{guide}.md").read_text(encoding="utf-8")
        assert f"{{#{anchor}}}" in text, (guide, anchor)


@pytest.mark.parametrize("target", [
    "//evil.example/x", "/\\evil.example", "https://evil.example", "/\t/evil.example/",
    "/%09/evil.example/", "/%5Cevil.example", "/\n/evil.example", "///evil.example",
])
def test_login_never_redirects_to_another_site(staff_server, target):
    client = staff_server.client()
    response = client.post(
        "/staff/login",
        data={"login": LOGINS[SECRETARY], "password": PASSWORD, "next": target},
    )
    assert response.headers["location"] == "/staff/"


def test_login_keeps_a_path_of_this_site(staff_server):
    client = staff_server.client()
    response = client.post(
        "/staff/login",
        data={"login": LOGINS[SECRETARY], "password": PASSWORD, "next": "/staff/support?x=1"},
    )
    assert response.headers["location"] == "/staff/support?x=1"


def _message(html: str) -> str:
    start = html.index("message-error")
    return html[html.index(">", start) + 1:html.index("</", start)].strip()
