"""Threads in the store: who may write and see what, the hard rules of a message, withdrawal,
rate limits, attachments checked by content, a lesson's comment as a notice, and what the
weekly printout of an offline family lists."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from ejsync.messages import attachments, threads
from ejsync.messages.attachments import AttachmentRefused, Upload
from ejsync.messages.directory import addressees
from ejsync.messages.notices import send_comment
from ejsync.messages.printout import printed_messages
from ejsync.messages.threads import MessageRefused, Viewer
from ejsync.store import Writer, transaction
from ejsync.store.clock import stamp, utc_now
from tests.messages.files import EXECUTABLE, pdf, png
from tests.store.snapshot import snapshot
from tests.tiny_school import (
    DEPUTY,
    DIRECTOR,
    ENGLISH_5A_G1,
    ENGLISH_TEACHER,
    IVANOV,
    MATH_5A_MON,
    MATH_TEACHER,
    PETROVA,
    RUSSIAN_TEACHER,
    SIDOROV,
)

IVANOVY, PETROVY, SIDOROVY = 1, 2, 3  # families of the tiny school (Sidorovy declined access)
FAMILY = Viewer(family_id=IVANOVY)
OTHER_FAMILY = Viewer(family_id=PETROVY)
CLASS_TEACHER = Viewer(staff_id=MATH_TEACHER)


@pytest.fixture
def conn(tiny_school):
    connection = tiny_school.connect()
    yield connection
    connection.close()


def _start(conn, viewer=FAMILY, body="Здравствуйте! Артём болеет.", kind="class_teacher",
           staff=MATH_TEACHER, student=IVANOV, files=(), store=None):
    return threads.start_thread(conn, viewer, student_id=student, kind=kind, staff_id=staff,
                                topic="", body=body, files=list(files),
                                store_dir=store or attachments.attachments_dir("/nonexistent/x.db"))


def test_the_family_writes_the_class_teacher_answers_and_only_they_see_it(conn):
    thread_id = _start(conn)
    reply = threads.post(conn, CLASS_TEACHER, thread_id, "Выздоравливайте!", [], None)
    assert [m["body"] for m in threads.thread_messages(conn, FAMILY, thread_id)] == [
        "Здравствуйте! Артём болеет.", "Выздоравливайте!"]
    assert threads.thread(conn, OTHER_FAMILY, thread_id) is None
    for staff_id, sees in ((MATH_TEACHER, True), (RUSSIAN_TEACHER, False), (DEPUTY, False),
                           (DIRECTOR, False), (ENGLISH_TEACHER, False)):
        assert (threads.thread(conn, Viewer(staff_id=staff_id), thread_id) is not None) == sees
    assert threads.family_threads(conn, IVANOVY)[0]["unread"] == 1
    threads.mark_read(conn, FAMILY, thread_id)
    assert threads.family_threads(conn, IVANOVY)[0]["unread"] == 0
    assert threads.family_threads(conn, PETROVY) == []
    authors = conn.execute("SELECT author_family_id, author_staff_id FROM messages ORDER BY id")
    assert [tuple(r) for r in authors] == [(IVANOVY, None), (None, MATH_TEACHER)]
    logged = conn.execute("SELECT source FROM write_log WHERE tbl = 'messages' ORDER BY id")
    assert [r[0] for r in logged] == ["gate", "web"]
    assert reply > 0


def test_the_unread_count_for_desks_counts_the_familys_new_messages(conn):
    thread_id = _start(conn)
    _start(conn, kind="reception", staff=None, body="Вопрос о питании")
    assert threads.unread_count(conn, MATH_TEACHER) == 1
    assert threads.unread_count(conn, DEPUTY) == 1 and threads.unread_count(conn, DIRECTOR) == 1
    assert threads.unread_count(conn, RUSSIAN_TEACHER) == 0
    threads.thread_messages(conn, CLASS_TEACHER, thread_id)
    threads.mark_read(conn, CLASS_TEACHER, thread_id)
    assert threads.unread_count(conn, MATH_TEACHER) == 0


def test_a_family_writes_only_about_its_own_child_and_to_its_teachers(conn):
    before = snapshot(conn)
    with pytest.raises(MessageRefused, match="^R-ACCESS-OWN"):
        _start(conn, student=PETROVA)
    with pytest.raises(MessageRefused, match="^R-CORRESPONDENCE: учителю пишут"):
        _start(conn, kind="teacher", staff=DEPUTY)
    with pytest.raises(MessageRefused, match="^R-ACCESS-OWN"):
        threads.post(conn, OTHER_FAMILY, _start(conn), "Чужая переписка", [], None)
    assert {a["kind"] for a in addressees(conn, IVANOV)} == {"class_teacher", "teacher", "reception"}
    teachers = {a["staff_id"] for a in addressees(conn, IVANOV) if a["kind"] == "teacher"}
    assert teachers == {MATH_TEACHER, RUSSIAN_TEACHER, ENGLISH_TEACHER}
    assert snapshot(conn)["messages"] != before["messages"]  # only the own thread's message


def test_the_store_refuses_another_familys_thread_even_behind_the_pages_back(conn):
    thread_id = _start(conn)
    with pytest.raises(sqlite3.IntegrityError, match="R-ACCESS-OWN"), \
            transaction(conn, writer=Writer.family(PETROVY)):
        conn.execute("INSERT INTO messages (thread_id, author_family_id, body) VALUES (?, ?, 'x')",
                     (thread_id, PETROVY))
    own = _start(conn, OTHER_FAMILY, student=PETROVA)
    with pytest.raises(sqlite3.IntegrityError, match="R-NO-SHARED-LOGIN"), \
            transaction(conn, writer=Writer.family(PETROVY)):
        conn.execute("INSERT INTO messages (thread_id, author_family_id, body) VALUES (?, ?, 'x')",
                     (own, IVANOVY))
    with pytest.raises(sqlite3.IntegrityError, match="R-CORRESPONDENCE"), \
            transaction(conn, writer=Writer(RUSSIAN_TEACHER, "web")):
        conn.execute("INSERT INTO messages (thread_id, author_staff_id, body) VALUES (?, ?, 'x')",
                     (thread_id, RUSSIAN_TEACHER))


@pytest.mark.parametrize(("body", "rule"), [
    ("", "сообщение пустое"), ("   \n ", "сообщение пустое"),
    ("а" * 5001, "сообщение длиннее 5000 знаков"),
])
def test_empty_or_oversized_messages_are_refused_and_nothing_is_stored(conn, body, rule):
    before = snapshot(conn)
    with pytest.raises(MessageRefused, match=f"^R-CORRESPONDENCE: {rule}"):
        _start(conn, body=body)
    assert snapshot(conn) == before
    with pytest.raises(sqlite3.IntegrityError, match=rule):  # the store says the same
        conn.execute("INSERT INTO message_threads (id, family_id, student_id, kind, topic)"
                     f" VALUES (90, {IVANOVY}, {IVANOV}, 'reception', 'т')")
        conn.execute("INSERT INTO messages (thread_id, author_family_id, body) VALUES (90, 1, ?)",
                     (body,))
    assert _start(conn, body="б" * 5000) > 0  # exactly 5,000 characters is fine


def test_a_message_is_withdrawn_within_ten_minutes_by_its_author_and_never_deleted(conn):
    thread_id = _start(conn)
    message_id = conn.execute("SELECT MAX(id) FROM messages").fetchone()[0]
    with pytest.raises(MessageRefused, match="только его автор"):
        threads.withdraw(conn, CLASS_TEACHER, message_id)
    threads.withdraw(conn, FAMILY, message_id)
    shown = threads.thread_messages(conn, CLASS_TEACHER, thread_id)[0]
    assert shown["withdrawn_at"] and shown["body"] == "" and not shown["may_withdraw"]
    assert conn.execute("SELECT body FROM messages WHERE id = ?",
                        (message_id,)).fetchone()[0] == "Здравствуйте! Артём болеет."
    with pytest.raises(sqlite3.IntegrityError, match="R-CORRESPONDENCE"):
        conn.execute("DELETE FROM messages WHERE id = ?", (message_id,))
    with pytest.raises(sqlite3.IntegrityError, match="R-CORRESPONDENCE"):
        conn.execute("DELETE FROM message_threads WHERE id = ?", (thread_id,))
    with pytest.raises(sqlite3.IntegrityError, match="не изменяется"):
        conn.execute("UPDATE messages SET body = 'Другой текст' WHERE id = ?", (message_id,))


def test_withdrawing_after_ten_minutes_is_refused(tiny_school):
    conn = tiny_school.connect()
    thread_id = _start(conn)
    old = stamp(utc_now() - timedelta(minutes=11))
    conn.execute("INSERT INTO messages (thread_id, author_staff_id, body, created_at)"
                 " VALUES (?, ?, 'Старое', ?)", (thread_id, MATH_TEACHER, old))
    message_id = conn.execute("SELECT MAX(id) FROM messages").fetchone()[0]
    assert not threads.thread_messages(conn, CLASS_TEACHER, thread_id)[-1]["may_withdraw"]
    with pytest.raises(MessageRefused, match="в течение 10 минут"):
        threads.withdraw(conn, CLASS_TEACHER, message_id)
    assert conn.execute("SELECT withdrawn_at FROM messages WHERE id = ?",
                        (message_id,)).fetchone()[0] is None


def test_rate_limits_per_family_and_per_staff_member_in_russian(conn):
    conn.execute("UPDATE settings SET value = '2' WHERE key = 'messages_per_hour_family'")
    conn.execute("UPDATE settings SET value = '1' WHERE key = 'messages_per_hour_staff'")
    thread_id = _start(conn)
    threads.post(conn, FAMILY, thread_id, "Второе", [], None)
    with pytest.raises(MessageRefused, match="^R-CORRESPONDENCE: за последний час ваша семья"):
        threads.post(conn, FAMILY, thread_id, "Третье", [], None)
    threads.post(conn, OTHER_FAMILY, _start(conn, OTHER_FAMILY, student=PETROVA), "Ещё", [], None)
    threads.post(conn, CLASS_TEACHER, thread_id, "Ответ", [], None)
    with pytest.raises(MessageRefused, match="^R-CORRESPONDENCE: за последний час вы"):
        threads.post(conn, CLASS_TEACHER, thread_id, "Ещё ответ", [], None)


def test_attachments_are_checked_by_content_and_stored_outside_the_web_root(conn, tmp_path):
    store = tmp_path / "attachments"
    with pytest.raises(AttachmentRefused, match="не PDF, JPEG или PNG"):
        attachments.check([Upload("photo.jpg", EXECUTABLE)])
    with pytest.raises(AttachmentRefused, match="больше 5 МБ"):
        attachments.check([Upload("big.png", png() + b"\0" * attachments.MAX_BYTES)])
    with pytest.raises(AttachmentRefused, match="не больше 3 файлов"):
        attachments.check([Upload(f"{i}.png", png()) for i in range(4)])
    files = attachments.check([Upload("../../справка.exe", pdf()), Upload("фото.jpeg", png())])
    assert [(f.filename, f.content_type) for f in files] == [
        ("справка.pdf", "application/pdf"), ("фото.png", "image/png")]
    thread_id = _start(conn, files=files, store=store)
    row = conn.execute("SELECT * FROM message_attachments ORDER BY id").fetchone()
    assert attachments.load(store, row["sha256"]) == pdf()
    assert threads.attachment(conn, FAMILY, row["id"])["thread_id"] == thread_id
    assert threads.attachment(conn, OTHER_FAMILY, row["id"]) is None
    assert threads.attachment(conn, Viewer(staff_id=RUSSIAN_TEACHER), row["id"]) is None
    assert (store / row["sha256"][:2] / row["sha256"]).stat().st_mode & 0o077 == 0


def _ticked(conn, author: int, lesson: int, text: str) -> int:
    with transaction(conn, writer=Writer(author, "web")):
        comment = conn.execute(
            "INSERT INTO comments (student_id, lesson_id, kind, text, created_by)"
            f" VALUES ({IVANOV}, ?, 'praise', ?, ?)", (lesson, text, author)).lastrowid
        return send_comment(conn, comment)


def test_a_ticked_comment_becomes_a_message_from_its_author(conn):
    by_class_teacher = _ticked(conn, MATH_TEACHER, MATH_5A_MON, "Отличный ответ у доски")
    by_teacher = _ticked(conn, ENGLISH_TEACHER, ENGLISH_5A_G1, "Great job")
    again = _ticked(conn, ENGLISH_TEACHER, ENGLISH_5A_G1, "Well done")
    rows = {r["id"]: r for r in conn.execute(
        "SELECT m.id, m.body, m.thread_id, t.kind, t.staff_id, t.topic, t.family_id"
        " FROM messages m JOIN message_threads t ON t.id = m.thread_id")}
    assert rows[by_class_teacher]["body"].startswith("Благодарность: Отличный ответ у доски")
    assert "Математика" in rows[by_class_teacher]["body"]
    assert (rows[by_class_teacher]["kind"], rows[by_class_teacher]["family_id"]) == (
        "class_teacher", IVANOVY)
    assert (rows[by_teacher]["kind"], rows[by_teacher]["staff_id"]) == ("teacher", ENGLISH_TEACHER)
    assert rows[by_teacher]["topic"] == "Записи на уроках: Английский язык"
    assert rows[again]["thread_id"] == rows[by_teacher]["thread_id"]  # one thread per teacher
    assert threads.thread(conn, Viewer(staff_id=ENGLISH_TEACHER), rows[by_teacher]["thread_id"])
    assert threads.thread(conn, FAMILY, rows[by_teacher]["thread_id"])


def test_the_offline_familys_printout_lists_its_messages(conn):
    sidorov_thread = _start(conn, Viewer(staff_id=MATH_TEACHER), student=SIDOROV,
                            body="Прошу зайти в школу в четверг.")
    assert sidorov_thread
    today = utc_now().date()
    monday = (today - timedelta(days=today.weekday())).isoformat()
    sunday = (today + timedelta(days=6 - today.weekday())).isoformat()
    lines = printed_messages(conn, SIDOROVY, SIDOROV, monday, sunday)
    assert len(lines) == 1 and "Прошу зайти в школу в четверг." in lines[0]
    assert "Числова" in lines[0]
    assert printed_messages(conn, IVANOVY, IVANOV, monday, sunday) == []
