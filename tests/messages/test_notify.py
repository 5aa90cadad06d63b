"""E-mail notifications through a real SMTP server process (`ejsync notify mailbox`): the
confirmation, digests of one family each, notices, quiet hours, a relay that is down, refuses
or times out, a bounced address, offline families, and the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

import pytest

from ejsync.config import PROJECT_ROOT
from ejsync.messages import threads
from ejsync.messages.threads import Viewer
from ejsync.notify import subscriptions
from ejsync.notify.notices import queue_notices
from ejsync.notify.quiet import Schedule
from ejsync.notify.relay import Relay, save_relay
from ejsync.notify.sender import SenderSettings, cycle
from ejsync.store import Writer, transaction
from ejsync.store.clock import parse_stamp, stamp, utc_now
from tests.messages.mail import html_of, mailbox_process, text_of
from tests.servers import free_port
from tests.tiny_school import (
    IVANOV,
    MATH_5A_MON,
    MATH_TEACHER,
    PETROVA,
    SIDOROV,
    VOLKOV,
)

BASE = "http://dnevnik.example"
BOUNCE = "nobody@example.ru"
SETTINGS = SenderSettings(None, BASE, 0.1, timedelta(seconds=1))


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mail") / "inbox"
    with mailbox_process(free_port(), folder, BOUNCE) as box:
        yield box


@pytest.fixture
def school(tiny_school, mailbox):
    for path in mailbox.folder.glob("*.eml"):
        path.unlink()
    conn = tiny_school.connect()
    no_quiet_hours(conn)
    save_relay(conn, Relay("127.0.0.1", mailbox.port, "none", from_address="dnevnik@school7.ru",
                           from_name="МБОУ СШ № 7", timeout=5), None, Writer.tool("cli"))
    yield conn
    conn.close()


def no_quiet_hours(conn, digest_at: str = "23:59") -> None:
    """E-mail may go at any hour; the digest is due at `digest_at` (school time)."""
    conn.execute("UPDATE settings SET value = '00:00' WHERE key IN"
                 " ('notify_quiet_from', 'notify_quiet_to')")
    conn.execute("UPDATE settings SET value = ? WHERE key = 'notify_digest_at'", (digest_at,))


def subscribed(conn, family_id: int, address: str, mode: str = "digest") -> int:
    """A confirmed subscription (its confirmation e-mail is queued, not yet sent)."""
    subscription = subscriptions.subscribe(conn, family_id, address, mode, BASE)
    token = conn.execute("SELECT token FROM notify_subscriptions WHERE id = ?",
                         (subscription,)).fetchone()[0]
    assert subscriptions.confirm(conn, token) is not None
    return subscription


def outbox(conn, kind: str | None = None) -> list:
    return conn.execute("SELECT * FROM notify_outbox WHERE kind = IFNULL(?, kind) ORDER BY id",
                        (kind,)).fetchall()


def test_the_confirmation_e_mail_its_headers_encoding_and_links(school, mailbox):
    subscription = subscriptions.subscribe(school, 1, "ivanova@example.ru", "digest", BASE)
    report = cycle(school, SETTINGS)
    assert (report.sent, report.retry, report.failed) == (1, 0, 0)
    [message] = mailbox.wait_for(1)
    assert message["To"] == "ivanova@example.ru"
    assert parseaddr(message["From"]) == ("МБОУ СШ № 7", "dnevnik@school7.ru")
    assert message["Subject"] == "Подтвердите адрес для писем из электронного дневника"
    assert message["Message-ID"].endswith("@school7.ru>")
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(("plain",)).get_content_charset() == "utf-8"
    token = school.execute("SELECT token FROM notify_subscriptions WHERE id = ?",
                           (subscription,)).fetchone()[0]
    assert f"{BASE}/notify/confirm?t={token}" in text_of(message)
    assert f'href="{BASE}/notify/confirm?t={token}"' in html_of(message)
    assert message["List-Unsubscribe"].strip() == f"<{BASE}/notify/unsubscribe?t={token}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscriptions.current(school, 1)["confirmed_at"] is None
    assert subscriptions.confirm(school, token)["family_id"] == 1
    assert subscriptions.current(school, 1)["confirmed_at"] is not None
    assert subscriptions.confirm(school, "forged") is None
    subscriptions.unsubscribe(school, token)
    assert subscriptions.current(school, 1)["ended_reason"] == "unsubscribed"


@pytest.mark.parametrize(("address", "mode"), [("ivanova", "digest"), ("a@b.ru", "weekly")])
def test_a_wrong_address_or_choice_is_refused_in_russian(school, address, mode):
    with pytest.raises(subscriptions.SubscriptionRefused, match="^R-INFORM-FAMILIES"):
        subscriptions.subscribe(school, 1, address, mode, BASE)
    assert outbox(school) == []


def _news(conn) -> None:
    """New marks, an absence, a comment and tomorrow's homework for some children."""
    tomorrow = (datetime.now(UTC).astimezone(Schedule.of(conn).tz).date()
                + timedelta(days=1)).isoformat()
    with transaction(conn):
        conn.execute("INSERT INTO marks (student_id, subject_id, kind, lesson_id, value, work_type,"
                     f" created_by) VALUES ({IVANOV}, 1, 'current', {MATH_5A_MON}, '5', 'answer',"
                     f" {MATH_TEACHER}), ({PETROVA}, 1, 'current', {MATH_5A_MON}, '3', 'answer',"
                     f" {MATH_TEACHER})")
        conn.execute("INSERT INTO comments (student_id, lesson_id, kind, text, created_by)"
                     f" VALUES ({VOLKOV}, NULL, 'remark', 'Опоздал на урок Волков', {MATH_TEACHER})")
        conn.execute("INSERT INTO attendance (lesson_id, student_id, code, created_by)"
                     f" VALUES ({MATH_5A_MON}, {IVANOV}, 'н', {MATH_TEACHER})")
        conn.execute("INSERT INTO lessons (class_id, subject_id, date, slot, scheduled_teacher_id,"
                     " teacher_id, topic, homework, created_by) VALUES (3, 1, ?, 5, 4, 4, 'Дроби',"
                     " '№ 300 для Поповой', 4)", (tomorrow,))


def test_digests_never_mix_families_and_a_notice_tells_no_details(school, mailbox):
    no_quiet_hours(school, digest_at="00:00")
    subscribed(school, 1, "ivanova@example.ru", "digest")   # Ivanov (5А), Popova (5Б)
    subscribed(school, 2, "petrov@example.ru", "notice")    # Petrova (5А), Volkov (10А)
    subscribed(school, 4, "kuznetsova@example.ru", "digest")  # Kuznetsova, Sokolova: no news
    cycle(school, SETTINGS)  # the confirmations
    _news(school)
    report = cycle(school, SETTINGS)
    assert report.digests == 2 and report.sent == 2
    mails = {m["To"]: m for m in mailbox.wait_for(5)[3:]}
    assert set(mails) == {"ivanova@example.ru", "petrov@example.ru"}
    ivanovs = text_of(mails["ivanova@example.ru"]) + html_of(mails["ivanova@example.ru"])
    assert "Артём Иванов" in ivanovs and "Ева Попова" in ivanovs
    assert "Математика: 5 (Ответ на уроке)" in text_of(mails["ivanova@example.ru"])
    assert "№ 300 для Поповой" in ivanovs and "Пропуски" in ivanovs
    for foreign in ("Петрова", "Волков", "Кузнецова", "Соколова", "Опоздал", ": 3"):
        assert foreign not in ivanovs, foreign
    petrovs = text_of(mails["petrov@example.ru"]) + html_of(mails["petrov@example.ru"])
    assert mails["petrov@example.ru"]["Subject"].startswith("В электронном дневнике есть новое")
    assert "отметок — 1" in petrovs and "записей учителей — 1" in petrovs
    for detail in ("Опоздал на урок", "Иванов", "Попова", "Математика: 3"):
        assert detail not in petrovs, detail
    for message in mails.values():
        assert "/notify/unsubscribe?t=" in text_of(message) and message["List-Unsubscribe"]
    assert cycle(school, SETTINGS).digests == 0  # once a day
    assert len(mailbox.received()) == 5


def test_a_ticked_comment_or_a_reply_is_sent_at_once_in_full_or_as_a_notice(school, mailbox):
    subscribed(school, 1, "ivanova@example.ru", "digest")
    subscribed(school, 2, "petrov@example.ru", "notice")
    cycle(school, SETTINGS)
    teacher = Viewer(staff_id=MATH_TEACHER)
    for student, body in ((IVANOV, "Артём сегодня отвечал блестяще"),
                          (PETROVA, "Алиса забыла тетрадь")):
        threads.start_thread(school, teacher, student_id=student, kind="class_teacher",
                             staff_id=MATH_TEACHER, topic="Урок", body=body, files=[],
                             store_dir=mailbox.folder.parent / "att")
    assert cycle(school, SETTINGS).notices == 2
    mails = {m["To"]: m for m in mailbox.wait_for(4)[2:]}
    assert "Артём сегодня отвечал блестяще" in text_of(mails["ivanova@example.ru"])
    assert "Алиса забыла тетрадь" not in text_of(mails["petrov@example.ru"])
    assert mails["petrov@example.ru"]["Subject"] == "Новое сообщение из школы: Алиса"
    assert "Артём" not in text_of(mails["petrov@example.ru"])


def test_quiet_hours_hold_a_notice_until_morning(school):
    school.execute("UPDATE settings SET value = '21:00' WHERE key = 'notify_quiet_from'")
    school.execute("UPDATE settings SET value = '08:00' WHERE key = 'notify_quiet_to'")
    schedule = Schedule.of(school)
    late = datetime(2026, 12, 2, 20, 30, tzinfo=UTC)  # 23:30 in Moscow
    assert schedule.next_allowed(late) == datetime(2026, 12, 3, 5, 0, tzinfo=UTC)  # 08:00
    noon = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert schedule.next_allowed(noon) == noon
    subscribed(school, 1, "ivanova@example.ru")
    threads.post(school, Viewer(staff_id=MATH_TEACHER), threads.start_thread(
        school, Viewer(family_id=1), student_id=IVANOV, kind="class_teacher",
        staff_id=MATH_TEACHER, topic="", body="Вопрос", files=[], store_dir=None), "Ответ", [],
        None)
    assert queue_notices(school, late, BASE, "school7.ru", schedule) == 1
    [notice] = outbox(school, "message")
    assert parse_stamp(notice["next_attempt_at"]) == datetime(2026, 12, 3, 5, 0, tzinfo=UTC)


def _three_notices(conn, store) -> None:
    subscribed(conn, 1, "ivanova@example.ru", "digest")
    thread = threads.start_thread(conn, Viewer(family_id=1), student_id=IVANOV,
                                  kind="class_teacher", staff_id=MATH_TEACHER, topic="",
                                  body="Вопрос", files=[], store_dir=store)
    for number in range(3):
        threads.post(conn, Viewer(staff_id=MATH_TEACHER), thread, f"Ответ {number}", [], store)


def test_a_relay_that_is_down_loses_nothing_and_then_sends_each_notice_once(tiny_school,
                                                                             tmp_path):
    conn = tiny_school.connect()
    no_quiet_hours(conn)
    port = free_port()  # nothing listens there yet: the relay is down
    save_relay(conn, Relay("127.0.0.1", port, "none", from_address="dnevnik@school7.ru",
                           timeout=3), None, Writer.tool("cli"))
    _three_notices(conn, tmp_path)
    now = utc_now()
    report = cycle(conn, SETTINGS, now)
    assert (report.notices, report.sent, report.retry) == (3, 0, 4)  # + the confirmation
    pending = outbox(conn)
    assert {row["status"] for row in pending} == {"pending"}
    assert "недоступен (соединение отклонено)" in pending[0]["last_error"]
    assert cycle(conn, SETTINGS, now + timedelta(seconds=1)).retry == 4  # still down
    with mailbox_process(port, tmp_path / "inbox") as box:
        report = cycle(conn, SETTINGS, now + timedelta(minutes=5))
        assert (report.sent, report.retry) == (4, 0)
        assert cycle(conn, SETTINGS, now + timedelta(minutes=10)).sent == 0
        received = box.wait_for(4)
    ids = [m["Message-ID"] for m in received]
    assert len(received) == 4 and len(set(ids)) == 4
    assert sorted(text_of(m).split("Ответ ")[1][0] for m in received[1:]) == ["0", "1", "2"]
    assert {row["status"] for row in outbox(conn)} == {"sent"}
    assert [row["attempts"] for row in outbox(conn)] == [3, 3, 3, 3]


def test_a_relay_that_does_not_answer_times_out_and_is_retried(tiny_school, tmp_path):
    conn = tiny_school.connect()
    no_quiet_hours(conn)
    with socket.socket() as silent:  # accepts the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        save_relay(conn, Relay("127.0.0.1", silent.getsockname()[1], "none",
                               from_address="dnevnik@school7.ru", timeout=1),
                   None, Writer.tool("cli"))
        subscriptions.subscribe(conn, 1, "ivanova@example.ru", "digest", BASE)
        report = cycle(conn, SETTINGS)
    assert (report.sent, report.retry) == (0, 1)
    [row] = outbox(conn)
    assert row["status"] == "pending" and "не ответил за 1 с" in row["last_error"]
    assert parse_stamp(row["next_attempt_at"]) > parse_stamp(row["created_at"])


def test_a_bounced_address_is_shown_and_gets_nothing_more(school, mailbox):
    subscription = subscriptions.subscribe(school, 1, BOUNCE, "digest", BASE)
    report = cycle(school, SETTINGS)
    assert (report.sent, report.failed) == (0, 1)
    current = subscriptions.current(school, 1)
    assert current["ended_reason"] == "bounced" and "550" in current["last_error"]
    assert "отклонил адрес" in current["last_error"]
    assert outbox(school)[0]["status"] == "failed"
    threads.start_thread(school, Viewer(staff_id=MATH_TEACHER), student_id=IVANOV,
                         kind="class_teacher", staff_id=MATH_TEACHER, topic="", body="Вопрос",
                         files=[], store_dir=None)
    assert cycle(school, SETTINGS).notices == 0
    assert mailbox.received() == [] and subscription


def test_families_offline_or_declining_get_no_e_mail(school, mailbox):
    with pytest.raises(subscriptions.SubscriptionRefused, match="^R-OFFLINE-FAMILY"):
        subscriptions.subscribe(school, 3, "sidorova@example.ru", "digest", BASE)
    subscribed(school, 2, "petrov@example.ru")
    threads.start_thread(school, Viewer(staff_id=MATH_TEACHER), student_id=PETROVA,
                         kind="class_teacher", staff_id=MATH_TEACHER, topic="", body="Вопрос",
                         files=[], store_dir=None)
    threads.start_thread(school, Viewer(staff_id=MATH_TEACHER), student_id=SIDOROV,
                         kind="class_teacher", staff_id=MATH_TEACHER, topic="", body="Вопрос",
                         files=[], store_dir=None)
    queue_notices(school, utc_now(), BASE, "school7.ru", Schedule.of(school))
    school.execute("UPDATE families SET electronic_access = 0, declined_on = '2026-12-01'"
                   " WHERE id = 2")
    report = cycle(school, SETTINGS)
    assert report.sent == 0
    assert {row["status"] for row in outbox(school)} == {"cancelled"}
    assert subscriptions.current(school, 2)["ended_reason"] == "declined"
    assert mailbox.received() == []


def test_a_notice_of_a_withdrawn_message_is_not_sent(school, mailbox):
    subscribed(school, 1, "ivanova@example.ru")
    cycle(school, SETTINGS)
    teacher = Viewer(staff_id=MATH_TEACHER)
    thread = threads.start_thread(school, teacher, student_id=IVANOV, kind="class_teacher",
                                  staff_id=MATH_TEACHER, topic="", body="Ошибочное сообщение",
                                  files=[], store_dir=None)
    queue_notices(school, utc_now(), BASE, "school7.ru", Schedule.of(school))
    message = school.execute("SELECT MAX(id) FROM messages WHERE thread_id = ?",
                             (thread,)).fetchone()[0]
    threads.withdraw(school, teacher, message)
    assert cycle(school, SETTINGS).sent == 0
    assert outbox(school, "message")[0]["status"] == "cancelled"
    assert len(mailbox.received()) == 1  # the confirmation only


def _cli(*args: str, stdin: str = "", key_file=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), COLUMNS="200",
               EJSYNC_ACCESS_KEY_FILE=str(key_file))
    return subprocess.run([sys.executable, "-m", "ejsync", "notify", *args], cwd=PROJECT_ROOT,
                          env=env, input=stdin, capture_output=True, text=True, timeout=60)


def test_the_cli_configures_the_relay_with_a_sealed_password_and_sends_a_test(tiny_school,
                                                                               mailbox, tmp_path):
    db, key = str(tiny_school.path), tmp_path / "secrets" / "access.key"
    result = _cli("configure", "--db", db, "--host", "127.0.0.1", "--port", str(mailbox.port),
                  "--security", "none", "--login", "", "--from", "dnevnik@school7.ru",
                  "--password-stdin", stdin="Секрет-пароль-42\n", key_file=key)
    assert result.returncode == 0 and "Почтовый сервер записан" in result.stdout
    sealed = tiny_school.connect().execute("SELECT password_sealed FROM notify_relay").fetchone()[0]
    assert sealed and "Секрет".encode() not in sealed and b"42" not in sealed
    for path in mailbox.folder.glob("*.eml"):
        path.unlink()
    result = _cli("test", "--db", db, "--to", "admin@school7.ru", key_file=key)
    assert result.returncode == 0, result.stdout + result.stderr
    [message] = mailbox.wait_for(1)
    assert message["To"] == "admin@school7.ru" and "проверочное письмо" in text_of(message)
    result = _cli("configure", "--db", db, "--host", "127.0.0.1", "--port", str(free_port()),
                  "--security", "none", "--from", "dnevnik@school7.ru", key_file=key)
    result = _cli("test", "--db", db, "--to", "admin@school7.ru", key_file=key)
    assert result.returncode != 0
    assert "Письмо не отправлено: почтовый сервер 127.0.0.1" in result.stdout + result.stderr
    status = _cli("status", "--db", db, key_file=key)
    assert status.returncode == 0 and "Очередь писем семьям" in status.stdout


def test_stamps_of_the_outbox_are_the_stores(school):
    subscriptions.subscribe(school, 1, "ivanova@example.ru", "digest", BASE)
    row = outbox(school)[0]
    assert abs(parse_stamp(row["created_at"]) - utc_now()) < timedelta(minutes=2)
    with pytest.raises(Exception, match="R-INFORM-FAMILIES"):
        school.execute("UPDATE notify_outbox SET body_text = 'подмена' WHERE id = ?", (row["id"],))
    with pytest.raises(Exception, match="R-INFORM-FAMILIES"):
        school.execute("DELETE FROM notify_outbox")
    assert stamp(utc_now())
