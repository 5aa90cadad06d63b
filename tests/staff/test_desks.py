"""Every role's desk, the first page after login, in real Chromium against the real server."""

from __future__ import annotations

import pytest

from ejsync.store.clock import stamp
from tests.staff.conftest import login_in_browser, screenshot
from tests.tiny_school import (
    ADMIN,
    CLASS_5A,
    CLASS_5B,
    DEPUTY,
    DIRECTOR,
    ENGLISH_5A_G1,
    MATH,
    MATH_5A_MON,
    MATH_5B_MON,
    MATH_TEACHER,
    PETROVA,
    RUSSIAN_TEACHER,
    SECRETARY,
    SIDOROV,
)

UTC_DUE = "2026-10-20T21:00:00Z"  # 21 October, 00:00 in Moscow
# Sections each role's desk must show (and the ones of other desks it must not).
DESKS = {
    ADMIN: ("admin-accounts", "admin-access", "admin-archive", "admin-tools"),
    DIRECTOR: ("director-fill", "director-families", "director-editions", "director-archive"),
    DEPUTY: ("deputy-violations", "deputy-corrections", "deputy-reports",
             "deputy-substitutions", "deputy-editions"),
    MATH_TEACHER: ("teacher-today", "teacher-violations", "class-absences", "class-families",
                   "class-acknowledgements", "class-violations"),
    RUSSIAN_TEACHER: ("teacher-today", "teacher-violations"),
    SECRETARY: ("secretary-movements", "secretary-editions", "secretary-requests",
                "secretary-schedule"),
}
ALL_SECTIONS = {key for keys in DESKS.values() for key in keys}


def _violation(conn, rule: str, lesson_id: int, responsible: int, message: str) -> int:
    return conn.execute(
        "INSERT INTO violations (rule, severity, record_table, record_id, class_id, subject_id,"
        " responsible_id, due_at, found_at, message, lesson_id) VALUES (?, 'warning', 'lessons',"
        " ?, (SELECT class_id FROM lessons WHERE id = ?), (SELECT subject_id FROM lessons"
        " WHERE id = ?), ?, ?, ?, ?, ?)",
        (rule, lesson_id, lesson_id, lesson_id, responsible, UTC_DUE, stamp(), message, lesson_id),
    ).lastrowid


@pytest.fixture(scope="module")
def school(staff_server):
    """The tiny school with open violations, an unsigned edition and a correction request."""
    conn = staff_server.db()
    with conn:
        ids = {
            "own": _violation(conn, "R-HW-DEADLINE", MATH_5A_MON, MATH_TEACHER,
                              "Домашнее задание записано позже срока."),
            "foreign": _violation(conn, "R-TOPIC-DEADLINE", ENGLISH_5A_G1, MATH_TEACHER,
                                  "Тема чужого урока не записана."),
            # the one the deputy accepts: nobody else's desk shows it, whatever the order
            "waived": _violation(conn, "R-MARK-DEADLINE", MATH_5B_MON, RUSSIAN_TEACHER,
                                 "Отметки выставлены позже срока."),
        }
        conn.execute(
            "INSERT INTO print_editions (kind, class_id, path, manifest_sha256, source_sha256,"
            " generated_at) VALUES ('journal', ?, 'archive/5A.pdf', 'x', 'y', ?)",
            (CLASS_5A, stamp()))
        mark = conn.execute(
            "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by)"
            " VALUES (?, ?, ?, '4', 'answer', ?)", (PETROVA, MATH, MATH_5A_MON, MATH_TEACHER)
        ).lastrowid
        conn.execute(
            "INSERT INTO support_requests (asked_on, asked_by, role, question, recorded_by,"
            " mark_id) VALUES ('2026-11-16', 'Числова М.', 'учитель', 'Прошу исправить 4 → 5',"
            " ?, ?)", (MATH_TEACHER, mark))
    return dict(ids, mark=mark)


@pytest.mark.parametrize("staff_id", list(DESKS))
def test_each_role_lands_on_its_own_desk(page, staff_server, school, staff_id):
    login_in_browser(page, staff_server, staff_id, "/staff/")
    assert page.locator("h1").inner_text().startswith("Рабочий стол")
    shown = set(page.eval_on_selector_all("section.ej-desk", "s => s.map(e => e.id)"))
    assert set(DESKS[staff_id]) <= shown
    assert not (ALL_SECTIONS - set(DESKS[staff_id])) & shown
    text = page.locator("body").inner_text()
    assert UTC_DUE not in text and "T21:00" not in text  # times in the school's timezone only


def test_a_person_with_two_roles_switches_between_desks(page, staff_server, school):
    login_in_browser(page, staff_server, MATH_TEACHER, "/staff/")
    page.click("nav.ej-switcher >> text=классный руководитель")
    page.wait_for_url("**/staff/?role=class_teacher")
    shown = set(page.eval_on_selector_all("section.ej-desk", "s => s.map(e => e.id)"))
    assert shown == {"class-absences", "class-families", "class-acknowledgements",
                     "class-violations"}


def test_the_class_teacher_sees_families_to_reach_and_the_class_violations(page, staff_server,
                                                                          school):
    login_in_browser(page, staff_server, MATH_TEACHER, "/staff/?role=class_teacher")
    families = page.locator("#class-families").inner_text()
    assert "Без действующего кода доступа" in families and "Семья Ивановых" in families
    assert "Семья Сидоровых" in families  # declined: gets printouts
    violations = page.locator("#class-violations").inner_text()
    assert "5А, R-HW-DEADLINE" in violations or "5А, R-TOPIC-DEADLINE" in violations


def test_the_teacher_sees_only_violations_to_fix_grouped_by_lesson(page, staff_server, school):
    login_in_browser(page, staff_server, MATH_TEACHER, "/staff/?role=teacher")
    section = page.locator("#teacher-violations")
    assert "Домашнее задание записано позже срока" in section.inner_text()
    assert "чужого урока" not in section.inner_text()  # not a lesson this teacher can write
    assert "срок: 21.10.2026, 00:00" in section.inner_text()  # Moscow, not UTC
    screenshot(page, "desk-teacher", section)  # today's lessons change with the date
    section.locator(f"a[href='/staff/lesson/{MATH_5A_MON}']").click()
    page.wait_for_url(f"**/staff/lesson/{MATH_5A_MON}")


def test_the_deputy_drills_down_and_waives_with_a_reason(page, staff_server, school):
    login_in_browser(page, staff_server, DEPUTY, "/staff/")
    screenshot(page, "desk-deputy")
    page.locator("#deputy-violations a", has_text="Буквин").click()
    page.wait_for_url(f"**/staff/violations?responsible_id={RUSSIAN_TEACHER}")
    row = page.locator(f"tr[data-violation='{school['waived']}']")
    assert row.locator(f"a[href='/staff/lesson/{MATH_5B_MON}']").count() == 1
    row.locator("input[name=reason]").fill("Задание выдано устно, записано после урока")
    row.locator("button").click()
    page.wait_for_selector("text=принято и закрыто")
    conn = staff_server.db()
    closed = conn.execute("SELECT closed_at FROM violations WHERE id = ?", (school["waived"],))
    assert closed.fetchone()[0] is not None
    waiver = conn.execute("SELECT waived_by, reason FROM violation_waivers").fetchall()
    assert [tuple(w) for w in waiver] == [(DEPUTY, "Задание выдано устно, записано после урока")]
    logged = conn.execute("SELECT staff_id, source FROM write_log WHERE tbl = 'violation_waivers'")
    assert [tuple(r) for r in logged] == [(DEPUTY, "web")]


def test_waiving_without_a_reason_changes_nothing(staff_server, school):
    client = staff_server.client(DEPUTY)
    response = client.post("/staff/violations", data={"violation_id": school["foreign"],
                                                      "reason": "  "})
    assert response.status_code == 400 and "R-NO-CORRECTION" in response.text
    still = staff_server.db().execute("SELECT closed_at FROM violations WHERE id = ?",
                                      (school["foreign"],)).fetchone()[0]
    assert still is None
    teacher = staff_server.client(RUSSIAN_TEACHER)
    refused = teacher.post("/staff/violations", data={"violation_id": school["foreign"],
                                                      "reason": "так надо"})
    assert refused.status_code == 403


def test_the_deputy_opens_a_report_with_its_chart_and_downloads_csv(page, staff_server, school):
    login_in_browser(page, staff_server, DEPUTY, "/staff/")
    page.locator("#deputy-reports a", has_text="Успеваемость и посещаемость").click()
    page.wait_for_url("**/staff/reports?name=REP-PERIOD")
    assert page.locator("article.ej-report h2").first.inner_text()
    assert page.locator("article.ej-report table").count() >= 1
    csv = page.request.get(f"{staff_server.url}/staff/reports.csv?name=REP-PERIOD&class=5А")
    assert csv.status == 200 and "text/csv" in csv.headers["content-type"]
    assert ";" in csv.text() and "5А" in csv.text()


def test_the_deputy_corrects_a_mark_asked_for_from_the_desk(page, staff_server, school):
    login_in_browser(page, staff_server, DEPUTY, "/staff/")
    page.locator("#deputy-corrections a", has_text="Исправить").click()
    page.select_option("#value", "5")
    page.fill("#reason", "Ошибка ввода, подтверждена учителем")
    page.click("form.ej-form button[type=submit]")
    page.wait_for_selector("text=Исправление записано")
    conn = staff_server.db()
    fixed = conn.execute("SELECT value, created_by, correction_reason FROM marks"
                         " WHERE corrects_id = ?", (school["mark"],)).fetchone()
    assert tuple(fixed) == ("5", DEPUTY, "Ошибка ввода, подтверждена учителем")
    answer = conn.execute("SELECT answer, answered_by FROM support_requests WHERE mark_id = ?",
                          (school["mark"],)).fetchone()
    assert answer[0].startswith("Исправлено: 4 → 5") and answer[1] == DEPUTY


def test_the_deputy_picks_a_mark_from_the_class_grid(page, staff_server, school):
    login_in_browser(page, staff_server, DEPUTY, f"/staff/grid?class={CLASS_5A}&subject={MATH}&until=2026-11-20")
    links = page.locator("#class-grid a.ej-mark")
    assert links.count() >= 1
    links.first.click()
    page.wait_for_url("**/staff/correction?mark=*")
    assert page.locator("#reason").is_visible()


def test_the_secretary_transfers_and_a_leave_before_the_last_marks_is_refused(
        page, staff_server, school):
    login_in_browser(page, staff_server, SECRETARY, f"/staff/movements?class={CLASS_5A}&date=2026-11-16")
    form = page.locator("#leave-form")
    form.locator("select[name=student_id]").select_option(str(PETROVA))  # has a mark on 16.11
    form.locator("input[name=date]").fill("2026-11-10")
    form.locator("button").click()
    assert page.locator("#leave-form .ej-error").inner_text().startswith("R-CLASS-LIST")
    page.goto(f"{staff_server.url}/staff/movements?class={CLASS_5A}&date=2026-11-16")
    form = page.locator("#transfer-form")
    form.locator("select[name=student_id]").select_option(str(SIDOROV))
    form.locator("select[name=to_class]").select_option(str(CLASS_5B))
    form.locator("input[name=date]").fill("2026-11-23")
    form.locator("button").click()
    page.wait_for_selector("text=Ученик переведён из 5А")
    spans = staff_server.db().execute(
        "SELECT class_id, from_date, to_date FROM enrollments WHERE student_id = ? ORDER BY id",
        (SIDOROV,)).fetchall()
    assert [tuple(s) for s in spans] == [(CLASS_5A, "2026-09-01", "2026-11-22"),
                                         (CLASS_5B, "2026-11-23", None)]
    groups = staff_server.db().execute(
        "SELECT to_date FROM subgroup_members WHERE student_id = ?", (SIDOROV,)).fetchall()
    assert [g[0] for g in groups] == ["2026-11-22"]  # out of 5А's English group too


def test_the_secretary_keeps_the_consultations_and_events(page, staff_server, school):
    login_in_browser(page, staff_server, SECRETARY, "/staff/consultations")
    page.select_option("#weekday", "3")
    page.fill("#starts_at", "15:00")
    page.fill("#ends_at", "16:00")
    page.fill("#room", "112")
    page.fill("#topics", "вход в дневник, коды доступа")
    page.click("form.ej-form button[type=submit]")
    page.wait_for_selector("text=Запись добавлена")
    assert "коды доступа" in page.locator("#consultations").inner_text()
    page.goto(f"{staff_server.url}/staff/events")
    page.fill("#date", "2030-05-15")
    page.fill("#title", "Родительское собрание")
    page.click("form.ej-form button[type=submit]")
    page.wait_for_selector("text=Запись добавлена")
    assert "Родительское собрание" in page.locator("#events").inner_text()
    logged = staff_server.db().execute(
        "SELECT DISTINCT staff_id FROM write_log WHERE tbl IN ('consultations', 'events')")
    assert [r[0] for r in logged] == [SECRETARY]


def test_the_admin_runs_the_doctor_and_changes_roles(page, staff_server, school):
    login_in_browser(page, staff_server, ADMIN, "/staff/")
    page.locator("#admin-tools a", has_text="Проверка установки").click()
    verdict = page.locator("#doctor-verdict").inner_text()
    assert verdict != "Всё в порядке."  # the gate and the site are not running in this test
    assert "Дневник для семей" in page.locator("#doctor").inner_text()
    page.goto(f"{staff_server.url}/staff/accounts")
    row = page.locator(f"tr[data-staff='{RUSSIAN_TEACHER}']")
    row.locator("select[name=role]").select_option("class_teacher")
    row.locator("button[name=grant]").click()
    page.wait_for_selector("text=действует сразу")
    roles = {r[0] for r in staff_server.db().execute(
        "SELECT role FROM staff_roles WHERE staff_id = ?", (RUSSIAN_TEACHER,))}
    assert roles == {"teacher", "class_teacher"}
    page.locator(f"tr[data-staff='{RUSSIAN_TEACHER}'] button[name=revoke][value=class_teacher]").click()
    page.wait_for_selector("text=снята")
    roles = {r[0] for r in staff_server.db().execute(
        "SELECT role FROM staff_roles WHERE staff_id = ?", (RUSSIAN_TEACHER,))}
    assert roles == {"teacher"}
