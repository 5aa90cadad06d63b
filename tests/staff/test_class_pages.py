"""Absence reasons, corrections, substitution and the support register, in real Chromium."""

from __future__ import annotations

import re

import httpx

from tests.staff.conftest import login_in_browser
from tests.tiny_school import (
    DEPUTY,
    ENGLISH_TEACHER,
    KUZNETSOVA,
    MATH_5A_MON,
    MATH_TEACHER,
    RUSSIAN_TEACHER,
    SECRETARY,
    SIDOROV,
)


def _absence(server, code: str) -> int:
    conn = server.db()
    conn.execute(
        "INSERT INTO attendance (lesson_id, student_id, code, created_by) VALUES (?, ?, ?, ?)",
        (MATH_5A_MON, KUZNETSOVA, code, MATH_TEACHER),
    )
    return conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def test_class_teacher_sets_absence_reasons_for_the_week(page, staff_server):
    attendance_id = _absence(staff_server, "н")
    token = staff_server.api_token(ENGLISH_TEACHER)
    refused = httpx.post(
        f"{staff_server.url}/staff/absences?week=2026-11-16",
        headers={"Authorization": f"Bearer {token}"},
        data={f"reason_{attendance_id}": "Б"},
    )
    assert refused.status_code == 403 and "R-ABSENCE-REASON" in refused.text
    assert staff_server.db().execute(
        "SELECT code FROM attendance WHERE id = ?", (attendance_id,)).fetchone()[0] == "н"
    login_in_browser(page, staff_server, MATH_TEACHER, "/staff/absences?week=2026-11-16")
    page.select_option(f"select[name=reason_{attendance_id}]", "Б")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Причины пропусков сохранены")
    row = (
        staff_server.db()
        .execute("SELECT code, reason_set_by FROM attendance WHERE id = ?", (attendance_id,))
        .fetchone()
    )
    assert tuple(row) == ("Б", MATH_TEACHER)


def test_the_absence_page_is_only_for_class_teachers(staff_server):
    response = staff_server.client(RUSSIAN_TEACHER).get("/staff/absences")
    assert response.status_code == 403
    assert "классного руководителя" in response.text


def test_deputy_corrects_a_mark_with_a_reason(page, staff_server):
    conn = staff_server.db()
    conn.execute(
        "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by)"
        " VALUES (?, 1, ?, '2', 'homework', ?)",
        (SIDOROV, MATH_5A_MON, MATH_TEACHER),
    )
    mark_id = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    teacher = staff_server.client(MATH_TEACHER).get(f"/staff/correction?mark={mark_id}")
    assert teacher.status_code == 403
    no_reason = staff_server.client(DEPUTY).post(
        f"/staff/correction?mark={mark_id}", data={"value": "3", "reason": " "}
    )
    assert no_reason.status_code == 400 and "R-NO-CORRECTION" in no_reason.text
    login_in_browser(page, staff_server, DEPUTY, f"/staff/correction?mark={mark_id}")
    page.select_option("#value", "3")
    page.fill("#reason", "Ошибка при вводе: в тетради стоит 3")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/staff/lesson/{MATH_5A_MON}")
    row = conn.execute(
        "SELECT value, correction_reason, created_by FROM marks WHERE corrects_id = ?", (mark_id,)
    ).fetchone()
    assert tuple(row) == ("3", "Ошибка при вводе: в тетради стоит 3", DEPUTY)
    assert conn.execute("SELECT value FROM marks WHERE id = ?", (mark_id,)).fetchone()[0] == "2"


def test_a_substitution_is_recorded_by_the_deputy_before_the_substitute_writes(
    page, staff_server
):
    math_10a = 4  # the 10А maths lesson of 16 November, held by the maths teacher
    russian = staff_server.client(RUSSIAN_TEACHER)
    form = russian.get(f"/staff/lesson/{math_10a}").text
    assert 'id="not-yours"' in form
    refused = russian.post(f"/staff/lesson/{math_10a}", data={
        "form_token": "t-1", "revision": _revision(form), "topic": "Чужой урок"})
    assert refused.status_code == 400 and "R-TEACHER-RIGHTS" in refused.text
    assert staff_server.db().execute(
        "SELECT topic FROM lessons WHERE id = ?", (math_10a,)).fetchone()[0] == (
        "Тригонометрические уравнения")

    login_in_browser(page, staff_server, DEPUTY, "/staff/substitutions?date=2026-11-16")
    row = page.locator("#day-slots tr", has_text="10А")
    row.locator("select[name=substitute_id]").select_option(str(RUSSIAN_TEACHER))
    row.locator("input[name=reason]").fill("курсы")
    row.get_by_role("button", name="Записать замену").click()
    page.wait_for_selector("text=Замена записана")
    recorded = staff_server.db().execute(
        "SELECT substitute_id, absent_teacher_id, recorded_by, recorded_at FROM substitutions"
        " WHERE class_id = 4 AND date = '2026-11-16'").fetchone()
    assert tuple(recorded)[:3] == (RUSSIAN_TEACHER, MATH_TEACHER, DEPUTY) and recorded[3]

    page.context.clear_cookies()
    login_in_browser(page, staff_server, RUSSIAN_TEACHER, "/staff/substitute?date=2026-11-16")
    page.locator("#my-substitutions tr", has_text="10А").get_by_role("link").click()
    page.wait_for_url(f"**/staff/lesson/{math_10a}")
    page.fill("#topic", "Тригонометрические уравнения (замена)")
    page.click("#save")
    page.wait_for_selector("text=Урок сохранён")
    lesson = staff_server.db().execute(
        "SELECT teacher_id, scheduled_teacher_id, topic FROM lessons WHERE id = ?", (math_10a,)
    ).fetchone()
    assert tuple(lesson) == (RUSSIAN_TEACHER, MATH_TEACHER, "Тригонометрические уравнения (замена)")


def _revision(html: str) -> str:
    return re.search(r'name="revision" value="([^"]+)"', html).group(1)


def test_support_register_records_and_answers(page, staff_server):
    login_in_browser(page, staff_server, SECRETARY, "/staff/support")
    page.fill("#question", "Как распечатать ведомость за четверть?")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Записано в журнал обращений")
    conn = staff_server.db()
    row = conn.execute("SELECT id, asked_by, recorded_by, role FROM support_requests").fetchone()
    assert row["recorded_by"] == SECRETARY and row["asked_by"].startswith("Делова")
    assert row["role"] == "секретарь"
    refused = staff_server.client(SECRETARY).post(
        "/staff/support", data={"answer_id": str(row["id"]), "answer": "сам"}
    )
    assert refused.status_code == 403
    page.context.clear_cookies()  # the deputy logs in next
    login_in_browser(page, staff_server, DEPUTY, "/staff/support")
    page.fill("textarea[name=answer]", "Раздел «Печать», кнопка «Ведомость».")
    page.click("form:has(textarea[name=answer]) button")
    page.wait_for_selector("text=Записано в журнал обращений")
    answered = conn.execute("SELECT answer, answered_by FROM support_requests").fetchone()
    assert tuple(answered) == ("Раздел «Печать», кнопка «Ведомость».", DEPUTY)
