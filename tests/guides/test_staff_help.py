"""Every "?" of the staff pages opens its task in the published guide; screens for the guides."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html

from ejsync.config import TEMPLATES_DIR
from ejsync.staff.help import HELP_ANCHORS, TABLE_HELP, help_url, table_help_url
from tests.guides.anchors import resolve
from tests.guides.screens import save
from tests.staff.conftest import login_in_browser
from tests.tiny_school import (
    ADMIN,
    DEPUTY,
    KUZNETSOVA,
    MATH_5A_MON,
    MATH_TEACHER,
    RUSSIAN_TEACHER,
    SECRETARY,
)

# (who, page): every staff page with a form; None = not logged in.
STAFF_PAGES = [
    (None, "/staff/login"),
    (MATH_TEACHER, "/staff/today"),
    (MATH_TEACHER, f"/staff/lesson/{MATH_5A_MON}"),
    (RUSSIAN_TEACHER, "/staff/substitute?date=2026-11-16"),
    (MATH_TEACHER, "/staff/absences?week=2026-11-16"),
    (MATH_TEACHER, "/staff/family-access"),
    (DEPUTY, "/staff/correction"),
    (SECRETARY, "/staff/support"),
    (ADMIN, "/staff/accounts"),
    (MATH_TEACHER, "/staff/token"),
    (DEPUTY, "/staff/substitutions?date=2026-11-16"),
    (MATH_TEACHER, "/staff/families"),
    (SECRETARY, "/staff/register"),
    (MATH_TEACHER, "/staff/plan"),
    (DEPUTY, "/staff/violations"),
    (ADMIN, "/school/families"),
    (ADMIN, "/school/staff_roles"),
    (ADMIN, "/school/backup_log"),
    (ADMIN, "/school/marks"),
    (ADMIN, "/school/families/1"),
]
HELP_CALL = re.compile(r"help_url\('(\w+)'\)")


def _mark(server) -> int:
    conn = server.db()
    conn.execute(
        "INSERT INTO marks (student_id, subject_id, lesson_id, value, work_type, created_by)"
        " VALUES (?, 1, ?, '3', 'homework', ?)", (KUZNETSOVA, MATH_5A_MON, MATH_TEACHER))
    return conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def test_every_staff_form_has_a_help_link_to_an_existing_section(staff_server, help_site):
    checked, clients = 0, {}
    for who, path in STAFF_PAGES:
        if who not in clients:
            clients[who] = staff_server.client(who)
        client = clients[who]
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        tree = lxml.html.fromstring(response.text)
        links = tree.xpath("//a[@class='ej-help']/@href")
        assert links or not tree.xpath("//form"), f"{path} has a form but no «?» link"
        for href in links:
            target = urlsplit(href)
            redirect = client.get(target.path)
            assert redirect.status_code == 302, f"{href} on {path}: {redirect.status_code}"
            resolve(help_site.root, help_site.url, redirect.headers["location"], target.fragment)
            checked += 1
    assert checked >= len(STAFF_PAGES)


def test_every_help_link_in_the_templates_resolves(staff_server, help_site):
    used = {task for path in (TEMPLATES_DIR / "staff").glob("*.html")
            for task in HELP_CALL.findall(path.read_text(encoding="utf-8"))}
    assert used <= set(HELP_ANCHORS), f"templates ask for unknown tasks {used - set(HELP_ANCHORS)}"
    client = staff_server.client()
    for target in [*map(help_url, HELP_ANCHORS), *map(table_help_url, TABLE_HELP)]:
        target = urlsplit(target)
        redirect = client.get(target.path)
        resolve(help_site.root, help_site.url, redirect.headers["location"], target.fragment)
    footer = client.get("/help/staff")
    assert resolve(help_site.root, help_site.url, footer.headers["location"], "").name == (
        "index.html")
    assert client.get("/help/no-such-guide").status_code == 404


def test_the_question_mark_opens_the_task_in_the_browser(page, staff_server, help_site):
    login_in_browser(page, staff_server, MATH_TEACHER, f"/staff/lesson/{MATH_5A_MON}")
    page.locator("h2 a.ej-help").click()
    page.wait_for_url(re.compile(r"/help/teacher\.html#otmetki-i-propuski$"))
    assert page.locator("#otmetki-i-propuski").inner_text() == "Отметки и пропуски"
    assert "Консультации и поддержка" in page.locator("aside.help-contacts").inner_text()


def test_screens_of_the_class_teacher_deputy_and_admin(page, staff_server):
    conn = staff_server.db()
    conn.execute("INSERT INTO attendance (lesson_id, student_id, code, created_by)"
                 " VALUES (?, ?, 'н', ?)", (MATH_5A_MON, KUZNETSOVA, MATH_TEACHER))
    login_in_browser(page, staff_server, MATH_TEACHER, "/staff/absences?week=2026-11-16")
    assert page.locator("select[name^=reason_]").count() >= 1
    save(page, "staff-absences")
    page.context.clear_cookies()
    mark = _mark(staff_server)
    login_in_browser(page, staff_server, DEPUTY, f"/staff/correction?mark={mark}")
    assert page.get_by_label("Причина исправления").is_visible()
    save(page, "staff-correction")
    page.context.clear_cookies()
    login_in_browser(page, staff_server, ADMIN, "/staff/accounts")
    assert page.get_by_role("button", name="Сбросить пароль").first.is_visible()
    save(page, "staff-accounts")
    page.goto(f"{staff_server.url}/staff/support")
    assert page.get_by_role("button", name="Записать обращение").is_visible()
    save(page, "staff-support")


def test_screen_of_a_substitution(page, staff_server):
    staff_server.db().execute(
        "INSERT INTO substitutions (date, slot, class_id, subject_id, absent_teacher_id,"
        " substitute_id, reason, recorded_by) VALUES ('2026-11-16', 2, 3, 1, ?, ?, 'болезнь', ?)",
        (MATH_TEACHER, RUSSIAN_TEACHER, DEPUTY))
    login_in_browser(page, staff_server, RUSSIAN_TEACHER, "/staff/substitute?date=2026-11-16")
    assert page.get_by_role("link", name="открыть урок").first.is_visible()
    save(page, "staff-substitute")


