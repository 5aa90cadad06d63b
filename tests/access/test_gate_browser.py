"""The gate in real headless Chromium: login, own children only, replay, lock, reissue, revoke."""

from __future__ import annotations

import re

import httpx

from tests.access.conftest import RunningGate, running_gate, screenshot, wait_for_rows
from tests.tiny_school import (
    IVANOV,
    MATH,
    MATH_TEACHER,
    PETROVA,
    POPOVA,
    RUSSIAN,
    RUSSIAN_TEACHER,
)

LOCK_TEXT = "временно заблокирован"


def log_in(page, gate: RunningGate, login: str, code: str, path: str = "/login") -> None:
    """Fill and send the login form."""
    page.goto(gate.url + path)
    page.fill("#login", login)
    page.fill("#code", code)
    page.click("button[type=submit]")


def test_family_sees_its_own_children_and_nothing_else(page, gate: RunningGate):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(gate.url + "/")
    assert page.url.endswith("/login")
    assert page.locator("a[href='/help/family']").first.is_visible()
    screenshot(page, "gate-login")
    log_in(page, gate, "ivanovy", gate.code(1))
    page.wait_for_url(gate.url + "/")
    children = page.locator("li.child h2").all_inner_texts()
    assert children == ["Иванов Артём, 5А класс", "Попова Ева, 5Б класс"]
    assert "Петрова" not in page.content()
    screenshot(page, "gate-family-home")

    page.locator(f"li[data-student='{POPOVA}'] a.diary-link").click()
    assert page.locator(".who strong").inner_text() == "Попова Ева Романовна"
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    page.click("nav.tabs >> text=Итоги")
    assert page.url.endswith("/results.html")
    assert page.locator(".who strong").inner_text() == "Попова Ева Романовна"

    foreign = page.goto(f"{gate.url}/diary/{gate.diary.tokens[PETROVA]}/")
    foreign_body = foreign.body()
    missing = page.goto(f"{gate.url}/diary/{'x' * 32}/")
    assert foreign.status == missing.status == 404
    assert foreign_body == missing.body()
    assert "Страница не найдена" in page.content()
    assert not [text for text in console if "Content Security Policy" in text]

    views = wait_for_rows(
        gate.school,
        "SELECT COUNT(*) FROM diary_views WHERE family_id = 1 AND student_id = ?"
        " AND page IN ('index.html', 'results.html')",
        (POPOVA,), minimum=2,
    )
    assert views == 2
    conn = gate.school.connect()
    assert conn.execute("SELECT COUNT(*) FROM diary_views WHERE family_id <> 1").fetchone()[0] == 0
    conn.close()


def test_a_diary_link_leads_through_login_to_the_page(page, gate: RunningGate):
    target = f"/diary/{gate.diary.tokens[IVANOV]}/results.html"
    page.goto(gate.url + target)
    assert "/login?next=" in page.url
    page.fill("#login", "ivanovy")
    page.fill("#code", gate.code(1))
    page.click("button[type=submit]")
    page.wait_for_url(gate.url + target)
    assert page.locator(".who strong").inner_text() == "Иванов Артём Сергеевич"


def test_a_used_code_is_refused(page, gate: RunningGate):
    code = gate.code(2)
    log_in(page, gate, "petrovy", code)
    page.wait_for_url(gate.url + "/")
    page.click("text=Выйти")
    page.wait_for_url(re.compile(r".*/login\?bye=1$"))
    assert "Вы вышли" in page.content()
    log_in(page, gate, "petrovy", code)
    assert "уже использован" in page.locator("#login-error").inner_text()
    assert page.url.endswith("/login")


def test_too_many_wrong_codes_lock_the_family(page, gate: RunningGate):
    real = gate.code(4)
    wrong = f"{(int(real) + 1) % 1_000_000:06d}"
    for attempt in range(1, 6):
        log_in(page, gate, "kuznetsovy", wrong)
        if attempt < 5:
            assert page.locator("#login-error").is_visible()
    lock = page.locator("#lock-message")
    assert LOCK_TEXT in lock.inner_text()
    screenshot(page, "gate-locked")
    log_in(page, gate, "kuznetsovy", real)
    assert LOCK_TEXT in page.locator("#lock-message").inner_text()
    conn = gate.school.connect()
    used = conn.execute("SELECT last_used_step FROM access_codes WHERE family_id = 4").fetchone()
    conn.close()
    assert used[0] is None  # the locked attempt did not even check (or burn) the real code


def test_reissue_ends_the_session_and_the_old_code(page, gate: RunningGate):
    log_in(page, gate, "ivanovy", gate.code(1))
    page.wait_for_url(gate.url + "/")
    old_code = gate.code(1)
    result = gate.cli("access", "reissue", "--family", "1", "--no-letter")
    assert result.returncode == 0, result.stderr
    gate.settle()
    page.goto(f"{gate.url}/diary/{gate.diary.tokens[IVANOV]}/")
    assert "/login" in page.url
    log_in(page, gate, "ivanovy", old_code)
    assert page.locator("#login-error").is_visible()
    log_in(page, gate, "ivanovy", gate.code(1))
    page.wait_for_url(gate.url + "/")
    assert "Иванов Артём" in page.content()


def test_revoked_and_declined_families_cannot_enter(page, gate: RunningGate):
    log_in(page, gate, "petrovy", gate.code(2))
    page.wait_for_url(gate.url + "/")
    code = gate.code(2)
    assert gate.cli("access", "revoke", "--family", "2").returncode == 0
    gate.settle()
    page.goto(gate.url + "/")
    assert page.url.endswith("/login")
    log_in(page, gate, "petrovy", code)
    assert page.locator("#login-error").is_visible()
    log_in(page, gate, "sidorovy", "123456")
    assert page.locator("#login-error").is_visible()
    assert "sidorovy" in page.input_value("#login")


def test_family_acknowledges_final_marks(page, gate: RunningGate):
    conn = gate.school.connect()
    conn.executemany(
        "INSERT INTO marks (student_id, subject_id, kind, period_id, value, created_by)"
        " VALUES (?, ?, 'period', 1, ?, ?)",
        [(IVANOV, MATH, "5", MATH_TEACHER), (IVANOV, RUSSIAN, "4", RUSSIAN_TEACHER)],
    )
    art = conn.execute("INSERT INTO subjects (name, short_name) VALUES"
                       " ('Изобразительное искусство', 'ИЗО')").lastrowid
    conn.execute("INSERT INTO marks (student_id, subject_id, kind, period_id, value, created_by)"
                 " VALUES (?, ?, 'period', 1, '5', ?)", (IVANOV, art, MATH_TEACHER))
    conn.close()
    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    log_in(page, gate, "ivanovy", gate.code(1))
    page.wait_for_url(gate.url + "/")
    child = page.locator(f"li[data-student='{IVANOV}']")
    assert "Математика" in child.locator("table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing overflows
    child.locator("textarea").fill("Спасибо, ознакомились.")
    child.locator("form.ack button").click()
    page.wait_for_url(gate.url + "/?ack=1")
    assert "Вы ознакомились" in page.locator(f"li[data-student='{IVANOV}']").inner_text()
    conn = gate.school.connect()
    row = conn.execute(
        "SELECT class_name, class_teacher_id, message FROM family_acknowledgements"
        " WHERE student_id = ?", (IVANOV,),
    ).fetchone()
    conn.close()
    assert tuple(row) == ("5А", MATH_TEACHER, "Спасибо, ознакомились.")


def test_cookie_flags_headers_and_forged_requests(gate: RunningGate):
    own_folder = gate.diary.root / gate.diary.tokens[IVANOV]
    (own_folder / "assets").mkdir()
    (own_folder / "assets" / "note.txt").write_text("заметка", encoding="utf-8")
    (own_folder / ".secret").write_text("скрыто", encoding="utf-8")
    with httpx.Client(base_url=gate.url, follow_redirects=False) as client:
        response = client.post("/login", data={"login": "ivanovy", "code": gate.code(1)})
        assert response.status_code == 303
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "max-age=" in cookie
        own = client.get(f"/diary/{gate.diary.tokens[IVANOV]}/")
        assert own.status_code == 200
        assert "frame-ancestors 'none'" in own.headers["content-security-policy"]
        assert own.headers["referrer-policy"] == "no-referrer"
        assert own.headers["x-content-type-options"] == "nosniff"
        folder = client.get(f"/diary/{gate.diary.tokens[IVANOV]}/assets/")
        hidden = client.get(f"/diary/{gate.diary.tokens[IVANOV]}/.secret")
        own_token, other_token = gate.diary.tokens[IVANOV], gate.diary.tokens[PETROVA]
        climbing = client.get(f"/diary/{own_token}/%2e%2e/{other_token}/index.html")
        assert folder.status_code == hidden.status_code == climbing.status_code == 404
        assert client.get(f"/diary/{gate.diary.tokens[IVANOV]}/assets/note.txt").status_code == 200
        assert client.get(f"/diary/{gate.diary.tokens[IVANOV]}/diary.css").status_code == 200
        forged = client.post("/ack", data={"student": str(IVANOV), "period": "1", "csrf": "x"})
        assert forged.status_code == 404
        tampered = client.cookies["ejsync_session"].replace(".1.", ".2.", 1)
    with httpx.Client(base_url=gate.url, follow_redirects=False) as forger:
        forged_cookie = {"cookie": f"ejsync_session={tampered}"}
        response = forger.get(f"/diary/{gate.diary.tokens[PETROVA]}/", headers=forged_cookie)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_cookie_is_secure_under_https(tiny_school, key_file, diary, tmp_path):
    with running_gate(tiny_school, key_file, diary, tmp_path / "gate.log") as gate:
        response = httpx.post(
            gate.url + "/login", data={"login": "ivanovy", "code": gate.code(1)},
            headers={"x-forwarded-proto": "https"},
        )
    assert response.status_code == 303
    assert "secure" in response.headers["set-cookie"].lower()
