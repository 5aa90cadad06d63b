"""The lesson page in real Chromium against the real staff server."""

from __future__ import annotations

from tests.staff.conftest import login_in_browser, screenshot
from tests.tiny_school import (
    ENGLISH_TEACHER,
    IVANOV,
    KUZNETSOVA,
    MATH_5A_MON,
    MATH_5B_MON,
    MATH_10A_MON,
    MATH_TEACHER,
    PETROVA,
    POPOVA,
    SIDOROV,
    SMIRNOV,
    SOKOLOVA,
    VOLKOV,
)


def _counts(server, lesson_id: int) -> tuple[int, int, int]:
    conn = server.db()
    return tuple(
        conn.execute(f"SELECT COUNT(*) FROM {table} WHERE lesson_id = ?", (lesson_id,)).fetchone()[
            0
        ]
        for table in ("marks", "attendance", "comments")
    )


def test_teacher_records_a_lesson_and_rows_are_stamped(page, staff_server):
    page.goto(f"{staff_server.url}/staff/login")
    screenshot(page, "login")
    login_in_browser(page, staff_server, MATH_TEACHER, "/staff/today?date=2026-11-16")
    assert page.locator("h1").inner_text().startswith("Мои уроки")
    assert "не хватает: отметки" in page.locator(".ej-today").inner_text()
    screenshot(page, "my-lessons")

    page.click(f".ej-today a[href='/staff/lesson/{MATH_5A_MON}']")
    page.fill("#topic", "Сравнение дробей")
    page.fill("#homework", "№ 251, 253")
    page.select_option("#control_type", "independent")
    page.fill(f"input[name=mark_{IVANOV}]", "5")
    page.fill(f"input[name=mark_{PETROVA}]", "4")
    page.select_option(f"select[name=absence_{SIDOROV}]", "н")
    page.fill(f"input[name=comment_{IVANOV}]", "Отличная работа у доски")
    screenshot(page, "lesson")
    page.click("#save")
    page.wait_for_selector("text=Урок сохранён")
    assert page.url.endswith(f"/staff/lesson/{MATH_5A_MON}")

    conn = staff_server.db()
    lesson = conn.execute("SELECT * FROM lessons WHERE id = ?", (MATH_5A_MON,)).fetchone()
    assert (lesson["topic"], lesson["homework"], lesson["control_type"]) == (
        "Сравнение дробей",
        "№ 251, 253",
        "independent",
    )
    assert lesson["topic_entered_at"]
    who = conn.execute(
        "SELECT staff_id, source FROM write_log WHERE tbl = 'lessons' AND row_id = ?"
        " AND op = 'UPDATE'", (MATH_5A_MON,),
    ).fetchall()
    assert [tuple(w) for w in who] == [(MATH_TEACHER, "web")]
    marks = conn.execute(
        "SELECT student_id, value, work_type, created_by FROM marks WHERE lesson_id = ?"
        " ORDER BY student_id",
        (MATH_5A_MON,),
    ).fetchall()
    assert [tuple(m) for m in marks] == [
        (IVANOV, "5", "independent", MATH_TEACHER),
        (PETROVA, "4", "independent", MATH_TEACHER),
    ]
    absence = conn.execute(
        "SELECT student_id, code, created_by FROM attendance WHERE lesson_id = ?", (MATH_5A_MON,)
    ).fetchall()
    assert [tuple(a) for a in absence] == [(SIDOROV, "н", MATH_TEACHER)]
    comment = conn.execute(
        "SELECT created_by, text FROM comments WHERE lesson_id = ?", (MATH_5A_MON,)
    ).fetchone()
    assert tuple(comment) == (MATH_TEACHER, "Отличная работа у доски")
    assert conn.execute("SELECT COUNT(*) FROM write_context").fetchone()[0] == 0
    # the grid shows what was saved
    assert page.locator(f"tr[data-student='{IVANOV}'] .ej-chip").inner_text() == "5"


def test_mark_6_is_refused_next_to_the_field_and_nothing_is_saved(page, staff_server):
    login_in_browser(page, staff_server, MATH_TEACHER, f"/staff/lesson/{MATH_10A_MON}")
    before = _counts(staff_server, MATH_10A_MON)
    page.fill("#topic", "Тема, которая не должна сохраниться")
    page.fill(f"input[name=mark_{VOLKOV}]", "5")
    page.fill(f"input[name=mark_{SOKOLOVA}]", "6")
    page.click("#save")
    message = page.locator(f"[data-field=mark_{SOKOLOVA}]")
    assert "R-MARK-SCALE" in message.inner_text()
    assert page.locator(f"[data-field=mark_{VOLKOV}]").count() == 0
    assert "Ничего не сохранено" in page.locator("#save-refused").inner_text()
    assert page.input_value(f"input[name=mark_{SOKOLOVA}]") == "6"  # the input is kept
    assert _counts(staff_server, MATH_10A_MON) == before
    topic = (
        staff_server.db()
        .execute("SELECT topic FROM lessons WHERE id = ?", (MATH_10A_MON,))
        .fetchone()[0]
    )
    assert topic == "Тригонометрические уравнения"


def test_double_submit_saves_once(page, staff_server):
    login_in_browser(page, staff_server, MATH_TEACHER, f"/staff/lesson/{MATH_5B_MON}")
    form = {
        "form_token": page.input_value("input[name=form_token]"),
        "revision": page.input_value("input[name=revision]"),
        "topic": "Сложение дробей",
        "homework": "№ 245",
        "control_type": "",
        "work_topic": "",
        f"mark_{SMIRNOV}": "3",
        f"work_{SMIRNOV}": "answer",
    }
    url = f"{staff_server.url}/staff/lesson/{MATH_5B_MON}"
    first = page.request.post(url, form=form, max_redirects=0)
    second = page.request.post(url, form=form, max_redirects=0)
    assert (first.status, second.status) == (302, 302)
    page.goto(url)
    assert "уже была сохранена" in page.content()
    marks = (
        staff_server.db()
        .execute(
            "SELECT value FROM marks WHERE lesson_id = ? AND student_id = ?", (MATH_5B_MON, SMIRNOV)
        )
        .fetchall()
    )
    assert [m[0] for m in marks] == ["3"]


def test_a_conflicting_save_rejects_only_the_students_someone_else_changed(browser, staff_server):
    pages = []
    for _ in range(2):
        context = browser.new_context(locale="ru-RU")
        pages.append(context.new_page())
        login_in_browser(pages[-1], staff_server, MATH_TEACHER, f"/staff/lesson/{MATH_5B_MON}")
    first, second = pages
    first.fill(f"input[name=mark_{POPOVA}]", "5")
    first.click("#save")
    first.wait_for_selector("text=Урок сохранён")
    second.fill("#homework", "Задание из второй вкладки")
    second.fill(f"input[name=mark_{POPOVA}]", "2")  # Popova changed meanwhile: refused
    second.fill(f"input[name=comment_{SMIRNOV}]", "Молодец")  # nobody touched Smirnov: saved
    second.click("#save")
    assert "другой пользователь" in second.locator("#stale-notice").inner_text()
    assert "другой пользователь" in second.locator(f"[data-field=mark_{POPOVA}]").inner_text()
    assert second.input_value(f"input[name=mark_{POPOVA}]") == "2"  # kept to check and resend
    conn = staff_server.db()
    popova = [r[0] for r in conn.execute(
        "SELECT value FROM marks WHERE lesson_id = ? AND student_id = ?", (MATH_5B_MON, POPOVA))]
    assert popova == ["5"]
    smirnov = [r[0] for r in conn.execute(
        "SELECT text FROM comments WHERE lesson_id = ? AND student_id = ?", (MATH_5B_MON, SMIRNOV))]
    assert smirnov == ["Молодец"]
    homework = conn.execute("SELECT homework FROM lessons WHERE id = ?", (MATH_5B_MON,)).fetchone()[0]
    assert homework == "Задание из второй вкладки"
    for p in pages:
        p.context.close()


def test_a_typed_5_over_a_4_asks_the_deputy_for_a_correction(page, staff_server):
    login_in_browser(page, staff_server, MATH_TEACHER, f"/staff/lesson/{MATH_5A_MON}")
    page.fill(f"input[name=mark_{KUZNETSOVA}]", "4")
    page.select_option(f"select[name=work_{KUZNETSOVA}]", "answer")
    page.click("#save")
    page.wait_for_selector("text=Урок сохранён")
    page.fill(f"input[name=mark_{KUZNETSOVA}]", "5")
    page.select_option(f"select[name=work_{KUZNETSOVA}]", "answer")
    page.click("#save")
    message = page.locator(f"[data-field=mark_{KUZNETSOVA}]").inner_text()
    assert message.startswith("R-NO-CORRECTION") and "заместитель директора" in message
    values = [r[0] for r in staff_server.db().execute(
        "SELECT value FROM marks WHERE lesson_id = ? AND student_id = ?",
        (MATH_5A_MON, KUZNETSOVA))]
    assert values == ["4"]
    page.click("a.ej-ask")
    page.fill("#reason", "Ошиблась при вводе: ответ был на пятёрку")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Просьба об исправлении отправлена")
    asked = staff_server.db().execute(
        "SELECT mark_id, recorded_by, question FROM support_requests WHERE mark_id IS NOT NULL"
    ).fetchall()
    assert [(r[0], r[1]) for r in asked][-1][1] == MATH_TEACHER
    assert "4 → 5" in asked[-1][2]


def test_lesson_of_another_class_is_refused_through_the_page(page, staff_server):
    login_in_browser(page, staff_server, ENGLISH_TEACHER, f"/staff/lesson/{MATH_5A_MON}")
    assert page.locator("#not-yours").is_visible()
    assert page.locator("#save").is_disabled()
    before = _counts(staff_server, MATH_5A_MON)
    response = page.request.post(
        f"{staff_server.url}/staff/lesson/{MATH_5A_MON}",
        max_redirects=0,
        form={
            "form_token": page.input_value("input[name=form_token]"),
            "revision": page.input_value("input[name=revision]"),
            "topic": page.input_value("#topic"),
            "homework": page.input_value("#homework"),
            "control_type": page.input_value("#control_type"),
            "work_topic": "",
            f"mark_{KUZNETSOVA}": "5",
        },
    )
    assert response.status == 400
    assert "R-TEACHER-RIGHTS" in response.text()
    assert _counts(staff_server, MATH_5A_MON) == before


def test_a_lesson_on_a_holiday_is_refused_and_not_created(page, staff_server):
    holiday = "2026-11-02"  # a Monday of the autumn break
    login_in_browser(page, staff_server, MATH_TEACHER, f"/staff/lesson?timetable=1&date={holiday}")
    page.fill("#topic", "Урок в каникулы")
    page.click("#save")
    assert page.locator("[data-field=date]").inner_text().startswith("R-PERIODS")
    found = staff_server.db().execute("SELECT COUNT(*) FROM lessons WHERE date = ?", (holiday,))
    assert found.fetchone()[0] == 0


def test_logout_ends_the_session(staff_server):
    client = staff_server.client(MATH_TEACHER)
    assert client.get("/staff/today").status_code == 200
    assert client.post("/staff/logout").status_code == 302
    response = client.get("/staff/today")
    assert response.status_code == 302 and "/staff/login" in response.headers["location"]
