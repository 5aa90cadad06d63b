"""Messages in real headless Chromium: a family writes to the class teacher through the gate,
the class teacher answers on the staff side, the family sees the answer (and gets an e-mail);
another family cannot open the thread or its file; a ticked comment arrives by e-mail; the
diary pages lead to all children and out."""

from __future__ import annotations

import re
import time

import httpx

from tests.access.conftest import nginx_in_front
from tests.messages.conftest import SUBSCRIBED, World
from tests.messages.files import EXECUTABLE, png
from tests.messages.mail import text_of
from tests.staff.conftest import LOGINS, PASSWORD
from tests.tiny_school import IVANOV, MATH_5A_MON, MATH_TEACHER, PETROVA


def family_login(page, world: World, login: str, family_id: int) -> None:
    page.goto(world.gate.url + "/login")
    page.fill("#login", login)
    page.fill("#code", world.code(family_id))
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def staff_login(page, world: World, staff_id: int) -> None:
    page.goto(world.staff.url + "/staff/login")
    page.fill("#login", LOGINS[staff_id])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff/.*"))


def mails_to(world: World, address: str, containing: str, timeout: float = 20) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in world.mailbox.received()
                 if m["To"] == address and containing in text_of(m)]
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"no e-mail to {address} with «{containing}»")


def test_family_writes_class_teacher_answers_family_sees_it(browser, world: World, tmp_path):
    family = browser.new_context(locale="ru-RU").new_page()
    family_login(family, world, "ivanovy", 1)
    family.click("text=Сообщения")
    family.wait_for_url(re.compile(r".*/messages$"))
    family.select_option("#student", str(IVANOV))
    family.select_option("#to", f"class_teacher:{MATH_TEACHER}")
    family.fill("#topic", "Справка после болезни")
    family.fill("#body", "Артём болел неделю. <script>alert('x')</script> Справку прикладываю.")
    lie = tmp_path / "справка.jpg"
    lie.write_bytes(EXECUTABLE)
    family.set_input_files("#files", str(lie))
    family.click("button:has-text('Отправить')")
    assert "не PDF, JPEG или PNG" in family.locator("#message-error").inner_text()
    assert family.input_value("#body").startswith("Артём болел неделю.")  # nothing lost
    picture = tmp_path / "справка.png"
    picture.write_bytes(png())
    family.set_input_files("#files", str(picture))
    family.click("button:has-text('Отправить')")
    family.wait_for_url(re.compile(r".*/messages/\d+\?sent=1$"))
    thread_url = family.url.split("?")[0]
    body = family.locator("#messages li .body").first.inner_text()
    assert "<script>alert('x')</script>" in body  # shown as text, never run
    assert family.locator("#messages a:has-text('справка.png')").count() == 1

    staff = browser.new_context(locale="ru-RU").new_page()
    staff_login(staff, world, MATH_TEACHER)
    staff.goto(world.staff.url + "/staff/messages")
    assert staff.locator("#unread-total").inner_text() == "1"
    staff.click("#threads a:has-text('Справка после болезни')")
    assert "Артём болел неделю." in staff.locator("#messages").inner_text()
    file_link = staff.locator("#messages a:has-text('справка.png')").get_attribute("href")
    staff.fill("#body", "Спасибо, справку получила. Выздоравливайте!")
    staff.click("button:has-text('Отправить')")
    staff.wait_for_url(re.compile(r".*/staff/messages/\d+$"))
    assert "Выздоравливайте!" in staff.locator("#messages").inner_text()
    staff.goto(world.staff.url + "/staff/messages")
    assert staff.locator("#unread-total").count() == 0
    downloaded = staff.request.get(world.staff.url + file_link)
    assert downloaded.status == 200 and downloaded.body() == picture.read_bytes()

    family.goto(world.gate.url + "/messages")
    assert family.locator("#threads .unread").inner_text() == "1"
    family.goto(thread_url)
    assert "Спасибо, справку получила. Выздоравливайте!" in family.locator("#messages").inner_text()
    [mail] = mails_to(world, SUBSCRIBED, "Выздоравливайте!")
    assert mail["Subject"] == "Новое сообщение из школы: Артём"
    assert f"{world.gate.url}/notify/unsubscribe?t=" in text_of(mail)

    other = browser.new_context(locale="ru-RU").new_page()
    family_login(other, world, "petrovy", 2)
    answer = other.goto(thread_url)
    assert answer.status == 404 and "Справка" not in other.content()
    file_id = family.locator("#messages a:has-text('справка.png')").get_attribute("href")
    assert other.request.get(world.gate.url + file_id).status == 404
    other.goto(world.gate.url + "/messages")
    assert "Справка после болезни" not in other.content()
    stranger = browser.new_context(locale="ru-RU").new_page()
    staff_login(stranger, world, 5)  # the Russian teacher: not his thread
    answer = stranger.goto(world.staff.url + "/staff/messages/" + thread_url.rsplit("/", 1)[1])
    assert answer.status == 403 and "Артём болел" not in stranger.content()
    for page in (family, staff, other, stranger):
        page.context.close()


def test_a_ticked_comment_arrives_by_e_mail_and_only_to_its_family(browser, world: World):
    page = browser.new_context(locale="ru-RU").new_page()
    staff_login(page, world, MATH_TEACHER)
    page.goto(f"{world.staff.url}/staff/lesson/{MATH_5A_MON}")
    page.fill(f"input[name=comment_{IVANOV}]", "Решил задачу повышенной сложности")
    page.select_option(f"select[name=comment_kind_{IVANOV}]", "praise")
    page.check(f"input[name=notice_{IVANOV}]")
    page.fill(f"input[name=comment_{PETROVA}]", "Только в дневник, без письма")
    page.click("#save")
    page.wait_for_url(re.compile(rf".*/staff/lesson/{MATH_5A_MON}$"))
    assert page.locator(".ej-sent").count() == 1
    [mail] = mails_to(world, SUBSCRIBED, "Решил задачу повышенной сложности")
    text = text_of(mail)
    assert mail["Subject"] == "Запись учителя о ребёнке: Артём"
    assert "Благодарность: Решил задачу повышенной сложности" in text
    assert "Петров" not in text and "без письма" not in text
    conn = world.school.connect()
    sent_for_petrova = conn.execute(
        "SELECT COUNT(*) FROM messages m JOIN comments c ON c.id = m.comment_id"
        " WHERE c.student_id = ?", (PETROVA,)).fetchone()[0]
    conn.close()
    assert sent_for_petrova == 0
    page.context.close()


def test_every_diary_page_leads_to_all_children_and_out(browser, world: World):
    page = browser.new_context(locale="ru-RU").new_page()
    family_login(page, world, "ivanovy", 1)
    page.click(".child[data-student='1'] .diary-link")
    for tab in ("Предметы", "Итоги", "Посещаемость", "События", "Класс и связь"):
        page.click(f"nav.tabs >> text={tab}")
        assert page.locator("header .family a:has-text('Все дети')").count() == 1
        assert page.locator("header .family a:has-text('Выйти')").count() == 1
    page.click("header .family >> text=Все дети")
    page.wait_for_url(re.compile(r".*/$"))
    page.click(".child[data-student='1'] .diary-link")
    page.click("header .family >> text=Выйти")
    page.click("#logout-confirm")
    page.wait_for_url(re.compile(r".*/login\?bye=1$"))
    page.goto(world.gate.url + "/messages")
    assert "/login" in page.url
    page.context.close()


def test_the_gate_sends_html_and_css_compressed(world: World):
    with httpx.Client(base_url=world.gate.url, headers={"accept-encoding": "gzip"}) as client:
        client.post("/login", data={"login": "ivanovy", "code": world.code(1)})
        for path in ("/", "/_gate/gate.css", "/messages", "/notify"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.headers.get("content-encoding") == "gzip", path
        token = world.gate.diary.tokens[IVANOV]
        for page in ("index.html", "diary.css"):
            response = client.get(f"/diary/{token}/{page}")
            assert response.headers.get("content-encoding") == "gzip", page
            assert len(response.text) > 1000


def test_behind_nginx_diary_pages_and_css_are_compressed(world: World, tmp_path):
    with nginx_in_front(world.gate, tmp_path / "nginx") as front, \
            httpx.Client(base_url=front.url, headers={"accept-encoding": "gzip"}) as client:
        client.post("/login", data={"login": "ivanovy", "code": world.code(1)})
        token = world.gate.diary.tokens[IVANOV]
        for path in (f"/diary/{token}/index.html", f"/diary/{token}/diary.css", "/messages"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.headers.get("content-encoding") == "gzip", path
        assert "Все дети" in client.get(f"/diary/{token}/index.html").text


def test_a_family_chooses_e_mail_confirms_by_the_link_and_unsubscribes(browser, world: World):
    page = browser.new_context(locale="ru-RU").new_page()
    family_login(page, world, "kuznetsovy", 4)
    page.click("text=Письма на почту")
    page.fill("#email", "kuznetsova@example")
    page.click("button:has-text('Сохранить')")
    assert "адрес электронной почты записан неверно" in page.locator("#notify-error").inner_text()
    page.fill("#email", "kuznetsova@example.ru")
    page.check("input[value=notice]")
    page.click("button:has-text('Сохранить')")
    assert "ждёт подтверждения" in page.locator("#notify-state").inner_text()
    [mail] = mails_to(world, "kuznetsova@example.ru", "Подтвердите адрес по ссылке")
    confirm = re.search(r"(http://\S+/notify/confirm\?t=\S+)", text_of(mail)).group(1)
    page.goto(confirm)
    page.click("button:has-text('Подтвердить адрес')")
    assert "Адрес подтверждён" in page.locator("#link-result").inner_text()
    page.goto(world.gate.url + "/notify")
    assert "подтверждён" in page.locator("#notify-state").inner_text()
    unsubscribe = mail["List-Unsubscribe"].strip()[1:-1]
    page.goto(unsubscribe)
    page.click("button:has-text('Отписаться от писем')")
    assert "Вы отписались" in page.locator("#link-result").inner_text()
    page.goto(world.gate.url + "/notify")
    assert "Письма не приходят" in page.locator("#notify-state").inner_text()
    page.context.close()
