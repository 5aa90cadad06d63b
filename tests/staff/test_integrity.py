"""The journal as evidence, tried the way a hostile colleague with a valid login would: every
hole of the integrity issue, against the real staff server (and the store under it)."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from ejsync.store import Writer, transaction
from tests.servers import ejsync_process, free_port
from tests.staff.conftest import LOGINS, PASSWORD, StaffServer
from tests.store.snapshot import snapshot
from tests.tiny_school import (
    ADMIN,
    DEPUTY,
    ENGLISH_5A_G1,
    ENGLISH_TEACHER,
    IVANOV,
    MATH_5A_MON,
    MATH_5B_MON,
    MATH_TEACHER,
    RUSSIAN_TEACHER,
    SECRETARY,
    SMIRNOV,
)

IVANOVY = 1


def _api(server: StaffServer, staff_id: int) -> httpx.Client:
    token = server.api_token(staff_id)
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"},
                        timeout=30)


def _age_seconds(stamp: str) -> float:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return abs((datetime.now(UTC) - moment).total_seconds())


def _web_write(server: StaffServer, staff_id: int, sql: str, params: tuple = ()) -> None:
    """A write as the staff server makes it (the writer named to the store)."""
    conn = server.db()
    with transaction(conn, writer=Writer(staff_id, "web")):
        conn.execute(sql, params)


# ---------------------------------------------------------------- any teacher can mark any class
def test_a_teacher_cannot_claim_another_class_lesson_and_mark_it(staff_server):
    before = snapshot(staff_server.db())
    api = _api(staff_server, ENGLISH_TEACHER)
    claim = api.post(f"/school/lessons/{MATH_5B_MON}/-/update",
                     json={"update": {"teacher_id": ENGLISH_TEACHER}})
    mark = api.post("/school/marks/-/insert", json={"row": {
        "student_id": SMIRNOV, "subject_id": 1, "lesson_id": MATH_5B_MON, "value": "5",
        "work_type": "answer"}})
    assert claim.status_code == mark.status_code == 403
    assert claim.json()["errors"][0].startswith("R-PERSONAL-DATA")
    page = api.post(f"/staff/lesson/{MATH_5B_MON}", data={
        "form_token": "hostile-1", "revision": api.get(f"/staff/lesson/{MATH_5B_MON}").json()[
            "revision"], f"mark_{SMIRNOV}": "5", "topic": "моя тема"})
    assert page.status_code == 400
    assert any(e.startswith("R-TEACHER-RIGHTS") for e in page.json()["errors"].values())
    with pytest.raises(sqlite3.IntegrityError, match="^R-TEACHER-RIGHTS"):
        _web_write(staff_server, ENGLISH_TEACHER, "UPDATE lessons SET teacher_id = ? WHERE id = ?",
                   (ENGLISH_TEACHER, MATH_5B_MON))
    bookkeeping = {"refused_writes", "staff_sessions", "login_attempts"}
    assert _without(snapshot(staff_server.db()), bookkeeping) == _without(before, bookkeeping)
    logged = staff_server.db().execute(
        "SELECT staff_id, rule FROM refused_writes WHERE action = 'lesson'").fetchall()
    assert (ENGLISH_TEACHER, "R-TEACHER-RIGHTS") in [tuple(r) for r in logged]


def test_an_own_lesson_cannot_be_moved_into_another_class(staff_server):
    # The update is checked on the new row too: 5А English (own) → 5Б maths (not own).
    with pytest.raises(sqlite3.IntegrityError, match="^R-TEACHER-RIGHTS"):
        _web_write(staff_server, ENGLISH_TEACHER,
                   "UPDATE lessons SET class_id = 3, subgroup_id = NULL, subject_id = 1"
                   " WHERE id = ?", (ENGLISH_5A_G1,))
    row = staff_server.db().execute("SELECT class_id, subject_id FROM lessons WHERE id = ?",
                                    (ENGLISH_5A_G1,)).fetchone()
    assert tuple(row) == (2, 3)


def test_a_token_writes_a_substitution_only_after_the_deputy_recorded_it(staff_server):
    russian, deputy = _api(staff_server, RUSSIAN_TEACHER), _api(staff_server, DEPUTY)
    url = "/staff/lesson?timetable=4&date=2026-11-23"  # 5Б maths, the maths teacher's slot
    planned = russian.get(url).json()
    assert planned["may_write"] is False
    form = {"form_token": planned["form_token"], "revision": planned["revision"],
            "topic": "Деление дробей"}
    refused = russian.post(url, data=form)
    assert refused.status_code == 400 and "R-TEACHER-RIGHTS" in refused.text
    recorded = deputy.post("/staff/substitutions?date=2026-11-23",
                           data={"timetable_id": "4", "substitute_id": str(RUSSIAN_TEACHER)})
    assert recorded.json()["ok"] is True
    again = russian.get(url).json()
    assert again["may_write"] is True
    saved = russian.post(url, data=dict(form, form_token=again["form_token"]))
    assert saved.json()["ok"] is True, saved.text
    lesson = staff_server.db().execute(
        "SELECT teacher_id, scheduled_teacher_id, created_by FROM lessons WHERE id = ?",
        (saved.json()["lesson_id"],)).fetchone()
    assert tuple(lesson) == (RUSSIAN_TEACHER, MATH_TEACHER, RUSSIAN_TEACHER)
    teacher = _api(staff_server, MATH_TEACHER)
    assert teacher.post("/staff/substitutions?date=2026-11-23", data={
        "timetable_id": "5", "substitute_id": str(ENGLISH_TEACHER)}).status_code == 403


# ---------------------------------------------------------------- entries can be backdated
def test_the_store_sets_the_time_of_a_mark_whatever_the_body_says(staff_server):
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    admin = _api(staff_server, ADMIN)
    response = admin.post("/school/marks/-/insert", json={"row": {
        "student_id": IVANOV, "subject_id": 1, "lesson_id": MATH_5A_MON, "value": "4",
        "work_type": "dictation", "created_at": three_days_ago, "created_by": MATH_TEACHER}})
    assert response.status_code == 201, response.text
    row = staff_server.db().execute("SELECT created_at, created_by FROM marks WHERE id = ?",
                                    (response.json()["rows"][0]["id"],)).fetchone()
    assert _age_seconds(row[0]) < 120 and row[1] == ADMIN
    with pytest.raises(sqlite3.IntegrityError, match="^R-NO-BACKDATE"):
        _web_write(staff_server, MATH_TEACHER,
                   "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type,"
                   " created_by, created_at) VALUES (?, 1, ?, '5', 'essay', ?, ?)",
                   (IVANOV, MATH_5A_MON, MATH_TEACHER, three_days_ago))


def test_homework_entered_through_any_path_gets_the_stores_time(staff_server):
    admin = _api(staff_server, ADMIN)
    old = "2026-11-16T08:00:00Z"
    response = admin.post(f"/school/lessons/{MATH_5A_MON}/-/update", json={"update": {
        "homework": "№ 300", "homework_entered_at": old}})
    assert response.status_code == 200, response.text
    entered = staff_server.db().execute(
        "SELECT homework_entered_at FROM lessons WHERE id = ?", (MATH_5A_MON,)).fetchone()[0]
    assert entered != old and _age_seconds(entered) < 120
    with pytest.raises(sqlite3.IntegrityError, match="^R-NO-BACKDATE"):
        _web_write(staff_server, ADMIN,
                   "UPDATE lessons SET homework_entered_at = ? WHERE id = ?", (old, MATH_5A_MON))


# ---------------------------------------------------------------- authorship can be forged
@pytest.mark.parametrize(("table", "column", "value"), [
    ("lessons", "created_by", ENGLISH_TEACHER),
    ("attendance", "created_by", ENGLISH_TEACHER),
    ("attendance", "reason_set_by", ENGLISH_TEACHER),
    ("attendance", "created_at", "2026-11-16T08:00:00Z"),
])
def test_who_and_when_cannot_be_rewritten(staff_server, table, column, value):
    conn = staff_server.db()
    if not conn.execute("SELECT 1 FROM attendance WHERE id = 900").fetchone():
        conn.execute("INSERT INTO attendance (id, lesson_id, student_id, code, created_by)"
                     " VALUES (900, ?, 4, 'н', ?)", (MATH_5A_MON, MATH_TEACHER))
    row_id = MATH_5A_MON if table == "lessons" else 900
    before = tuple(conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone())
    admin = _api(staff_server, ADMIN)
    response = admin.post(f"/school/{table}/{row_id}/-/update", json={"update": {column: value}})
    assert response.status_code in (200, 400)
    with pytest.raises(sqlite3.IntegrityError, match="^R-NO-SHARED-LOGIN"):
        _web_write(staff_server, MATH_TEACHER, f"UPDATE {table} SET {column} = ? WHERE id = ?",
                   (value, row_id))  # her own lesson and class: only the stamp is refused
    after = tuple(conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone())
    assert after == before


# ---------------------------------------------------------------- a family's diary taken over
def test_a_class_teacher_cannot_move_a_child_to_another_family(staff_server):
    conn = staff_server.db()
    teacher = _api(staff_server, MATH_TEACHER)
    refused = teacher.post("/staff/families?class=2", data={
        "action": "link", "student_id": str(IVANOV), "family_login": "smirnovy"})
    assert refused.status_code == 400
    assert refused.json()["errors"]["link"].startswith("R-CLASS-LIST")
    assert conn.execute("SELECT family_id FROM students WHERE id = ?", (IVANOV,)).fetchone()[0] \
        == IVANOVY


def test_a_secretary_moves_a_child_and_the_old_familys_codes_stop(staff_server):
    conn = staff_server.db()
    conn.execute("INSERT INTO access_codes (family_id, version, secret_encrypted, issued_at)"
                 " VALUES (?, 1, x'00', '2026-11-01T08:00:00Z')", (IVANOVY,))
    conn.execute("INSERT INTO gate_sessions (id, family_id, code_version, created_at,"
                 " expires_at) VALUES ('s-1', ?, 1, '2026-11-16T08:00:00Z',"
                 " '2099-01-01T00:00:00Z')", (IVANOVY,))
    secretary = _api(staff_server, SECRETARY)
    moved = secretary.post("/staff/families?class=2", data={
        "action": "link", "student_id": str(IVANOV), "new_family": "1"})
    assert moved.json()["ok"] is True, moved.text
    family, login = conn.execute(
        "SELECT f.id, f.login FROM students s JOIN families f ON f.id = s.family_id"
        " WHERE s.id = ?", (IVANOV,)).fetchone()
    assert family != IVANOVY and re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}", login)
    code = conn.execute("SELECT revoked_at, revoked_by FROM access_codes WHERE family_id = ?",
                        (IVANOVY,)).fetchone()
    assert code[0] is not None and code[1] == SECRETARY
    assert conn.execute("SELECT ended_at FROM gate_sessions WHERE id = 's-1'").fetchone()[0]
    logged = conn.execute("SELECT staff_id, source FROM write_log WHERE tbl = 'students'"
                          " AND row_id = ? AND op = 'UPDATE'", (IVANOV,)).fetchall()
    assert [tuple(r) for r in logged] == [(SECRETARY, "web")]
    changed = conn.execute("SELECT COUNT(*) FROM changes WHERE tbl = 'students' AND row_id = ?",
                           (IVANOV,)).fetchone()[0]
    assert changed >= 1


# ---------------------------------------------------------------- the archive register
def test_the_archive_register_only_grows(staff_server):
    conn = staff_server.db()
    conn.execute("INSERT INTO print_editions (id, kind, path, manifest_sha256, source_sha256,"
                 " generated_at) VALUES (1, 'journal', '/archive/a', 'aa', 'bb',"
                 " '2026-11-01T08:00:00Z')")
    before = tuple(conn.execute("SELECT * FROM print_editions WHERE id = 1").fetchone())
    secretary = _api(staff_server, SECRETARY)
    for path, body in (("/school/print_editions/1/-/update", {"update": {"path": "/x"}}),
                       ("/school/print_editions/1/-/delete", {})):
        assert secretary.post(path, json=body).status_code == 403
        refused = _api(staff_server, ADMIN).post(path, json=body)
        assert refused.status_code in (400, 403)
        assert refused.json()["errors"][0].startswith(("P-INTEGRITY", "R-TEACHER-RIGHTS"))
    for sql in ("UPDATE print_editions SET manifest_sha256 = 'cc'", "DELETE FROM print_editions"):
        with pytest.raises(sqlite3.IntegrityError, match="^P-INTEGRITY"):
            conn.execute(sql)  # not even the file's owner rewrites the register
    registered = secretary.post("/staff/register", data={"edition_id": "1"}).json()
    assert registered["ok"] is True and registered["register_no"].endswith("-0001")
    row = conn.execute("SELECT registered_by, registered_at FROM edition_registrations"
                       " WHERE edition_id = 1").fetchone()
    assert row[0] == SECRETARY and _age_seconds(row[1]) < 120
    again = secretary.post("/staff/register", data={"edition_id": "1"})
    assert again.status_code == 400 and "уже зарегистрировано" in again.json()["errors"][
        "edition_id"]
    assert tuple(conn.execute("SELECT * FROM print_editions WHERE id = 1").fetchone()) == before
    assert _api(staff_server, MATH_TEACHER).post(
        "/staff/register", data={"edition_id": "1"}).status_code == 403


# ---------------------------------------------------------------- personal data by need
def test_guardians_contacts_are_shown_by_need(staff_server):
    english = staff_server.client(ENGLISH_TEACHER)
    assert english.get("/school/guardians").status_code == 403
    assert english.get("/school/guardians.csv").status_code == 403
    page = english.get("/staff/families?class=2").text  # 5А: the English groups
    assert "+7 900 000-00-02" in page and "+7 900 000-00-05" not in page
    assert english.get("/staff/families?class=3").status_code == 403  # 5Б: not taught
    assert 'name="family_login"' not in page and "Сохранить контакты" not in page
    math = staff_server.client(MATH_TEACHER).get("/staff/families?class=2").text
    assert "Сохранить контакты" in math  # her own class: she keeps its contacts
    secretary = staff_server.client(SECRETARY).get("/staff/families?class=3").text
    assert "+7 900 000-00-05" in secretary and 'name="family_login"' in secretary
    for path in ("/school/diary_views", "/school/gate_sessions", "/school/acknowledgements.json",
                 "/school/families.json"):
        assert english.get(path).status_code == 403, path


def test_the_admin_sees_code_state_but_never_a_secret(staff_server):
    admin = staff_server.client(ADMIN)
    view = admin.get("/school/family_access_codes.json")
    assert view.status_code == 200 and "secret" not in view.text
    assert staff_server.client(DEPUTY).get(
        "/school/-/query.json?sql=select+*+from+login_attempts").status_code == 403


# ---------------------------------------------------------------- web hardening
def test_staff_pages_cannot_be_framed_and_say_so(staff_server):
    response = staff_server.client(MATH_TEACHER).get("/staff/today")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and response.headers["x-frame-options"] == "DENY"
    assert staff_server.client().get("/staff/login").headers["x-content-type-options"] == \
        "nosniff"


@pytest.fixture(scope="module")
def proxied_server(staff_server, tmp_path_factory):
    """A second staff server on the same school that trusts 127.0.0.1 as its HTTPS proxy."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = ["staff", "--db", str(staff_server.school.path), "--port", str(port)]
    os.environ["EJSYNC_TRUSTED_PROXIES"] = "127.0.0.1"
    try:
        with ejsync_process(args, ready_url=url + "/staff/login",
                            log=tmp_path_factory.mktemp("proxy") / "staff.log"):
            yield url
    finally:
        del os.environ["EJSYNC_TRUSTED_PROXIES"]


def _cookie(url: str, headers: dict) -> str:
    response = httpx.post(f"{url}/staff/login", headers=headers,
                          data={"login": LOGINS[SECRETARY], "password": PASSWORD})
    return response.headers["set-cookie"]


def test_the_session_cookie_is_secure_behind_a_trusted_https_proxy(staff_server, proxied_server):
    assert "Secure" in _cookie(proxied_server, {"X-Forwarded-Proto": "https"})
    assert "Secure" not in _cookie(proxied_server, {})
    assert "Secure" not in _cookie(staff_server.url, {"X-Forwarded-Proto": "https"})


def _without(state: dict, tables: set[str]) -> dict:
    return {table: rows for table, rows in state.items() if table not in tables}
