"""Message threads about one child between its family and the school (R-CORRESPONDENCE).

A family (through the gate) and a staff member (through the staff server) act by the same
functions; the writer of the transaction tells the store who writes, and the store's triggers
check rights, authorship, the 10 minutes of a withdrawal and the rate limits."""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from ejsync.errors import UserError
from ejsync.messages import attachments
from ejsync.store import Writer, transaction
from ejsync.store.clock import parse_stamp, stamp, utc_now
from ejsync.store.rights import visible_sql

SQL_DIR = Path(__file__).resolve().parent / "sql"
MAX_BODY = 5000
MAX_TOPIC = 200
WITHDRAW_WITHIN = timedelta(minutes=10)
FAMILY_READER = 0
KINDS = ("class_teacher", "teacher", "reception")


class MessageRefused(UserError):
    """The message or thread was not saved; the Russian text says why and what to do."""


@dataclass(frozen=True)
class Viewer:
    """Who looks at a thread: a family (staff_id None) or a staff member."""

    family_id: int | None = None
    staff_id: int | None = None

    @property
    def reader(self) -> int:
        """The `message_reads.reader` of this viewer (0 for the family)."""
        return self.staff_id or FAMILY_READER

    @property
    def writer(self) -> Writer:
        """The writer this viewer's writes are named by."""
        if self.staff_id is not None:
            return Writer(self.staff_id, "web")
        return Writer.family(self.family_id or 0)


@cache
def sql(name: str) -> str:
    """The query `ejsync/messages/sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _rows(conn: sqlite3.Connection, query: str, params: dict) -> list[dict]:
    return [dict(row) for row in conn.execute(query, params)]


def check_body(body: str) -> str:
    """The message text, stripped; a Russian refusal when empty or longer than 5,000 characters."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise MessageRefused("R-CORRESPONDENCE: сообщение пустое. Напишите текст сообщения.")
    if len(body) > MAX_BODY:
        raise MessageRefused(
            f"R-CORRESPONDENCE: сообщение длиннее {MAX_BODY} знаков ({len(body)}). Сократите его"
            " или разделите на два.")
    return body


def _topic(topic: str, body: str) -> str:
    topic = " ".join((topic or "").split())
    if not topic:
        topic = " ".join(body.split())[:80]
    return topic[:MAX_TOPIC]


# ------------------------------------------------------------------ reading
def family_threads(conn: sqlite3.Connection, family_id: int) -> list[dict]:
    """The family's threads, newest activity first, with unread counts."""
    return _rows(conn, sql("family_threads"), {"family": family_id})


def staff_threads(conn: sqlite3.Connection, staff_id: int) -> list[dict]:
    """The threads the staff member may see (rights.toml, `read`), with unread counts."""
    return _rows(conn, (
        "SELECT t.id, t.kind, t.topic, t.student_id, f.title AS family_title,"
        " s.last_name || ' ' || s.first_name AS student_name,"
        " (SELECT c.name FROM enrollments e JOIN classes c ON c.id = e.class_id"
        "  WHERE e.student_id = t.student_id AND e.to_date IS NULL"
        "  ORDER BY e.from_date DESC LIMIT 1) AS class_name,"
        " CASE t.kind WHEN 'reception' THEN 'интернет-приёмная' WHEN 'class_teacher'"
        "  THEN 'классному руководителю' ELSE 'учителю' END AS kind_title,"
        " (SELECT MAX(m.created_at) FROM messages m WHERE m.thread_id = t.id) AS last_at,"
        f" ({_unread_sql('t.id')}) AS unread"
        " FROM message_threads t JOIN students s ON s.id = t.student_id"
        " JOIN families f ON f.id = t.family_id"
        f" WHERE {visible_sql('message_threads', 't')} ORDER BY last_at DESC, t.id DESC"
    ), {"me": staff_id})


def _unread_sql(thread: str) -> str:
    return (
        f"SELECT COUNT(*) FROM messages m WHERE m.thread_id = {thread}"
        " AND m.author_staff_id IS NOT :me AND m.id > IFNULL((SELECT r.last_read_id"
        f" FROM message_reads r WHERE r.thread_id = {thread} AND r.reader = :me), 0)"
    )


def unread_count(conn: sqlite3.Connection, staff_id: int) -> int:
    """How many messages wait for this staff member in the threads they may see (for desks)."""
    return conn.execute(
        f"SELECT IFNULL(SUM(({_unread_sql('t.id')})), 0) FROM message_threads t"
        f" WHERE {visible_sql('message_threads', 't')}", {"me": staff_id}
    ).fetchone()[0]


def family_unread(conn: sqlite3.Connection, family_id: int) -> int:
    """How many messages from the school the family has not opened yet."""
    return sum(t["unread"] for t in family_threads(conn, family_id))


def thread(conn: sqlite3.Connection, viewer: Viewer, thread_id: int) -> dict | None:
    """The thread if this viewer may see it (the family's own; the staff's by rights), else None."""
    found = conn.execute(sql("thread"), {"thread": thread_id}).fetchone()
    if found is None:
        return None
    if viewer.staff_id is None:
        return dict(found) if found["family_id"] == viewer.family_id else None
    visible = conn.execute(
        f"SELECT {visible_sql('message_threads', 't')} FROM message_threads t WHERE t.id = :id",
        {"me": viewer.staff_id, "id": thread_id},
    ).fetchone()[0]
    return dict(found) if visible else None


def thread_messages(conn: sqlite3.Connection, viewer: Viewer, thread_id: int) -> list[dict]:
    """The messages of a thread the viewer may see; withdrawn ones keep only their trace."""
    now = utc_now()
    found = []
    for row in _rows(conn, sql("thread_messages"), {"thread": thread_id}):
        mine = (row["author_staff_id"] == viewer.staff_id if viewer.staff_id is not None
                else row["author_family_id"] == viewer.family_id)
        withdrawn = row["withdrawn_at"] is not None
        row.update(
            mine=mine,
            from_family=row["author_family_id"] is not None,
            body="" if withdrawn else row["body"],
            files=[] if withdrawn else json.loads(row["files"] or "[]"),
            may_withdraw=mine and not withdrawn
            and now - parse_stamp(row["created_at"]) < WITHDRAW_WITHIN,
        )
        found.append(row)
    return found


def attachment(conn: sqlite3.Connection, viewer: Viewer, attachment_id: int) -> dict | None:
    """An attachment's row when the viewer may see its thread and it was not withdrawn."""
    row = conn.execute(
        "SELECT a.*, m.thread_id FROM message_attachments a JOIN messages m ON m.id = a.message_id"
        " WHERE a.id = ? AND m.withdrawn_at IS NULL", (attachment_id,)).fetchone()
    if row is None or thread(conn, viewer, row["thread_id"]) is None:
        return None
    return dict(row)


# ------------------------------------------------------------------ writing
def _saved(fn):
    """Turn the store's refusals into MessageRefused (the trigger text is Russian already)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except sqlite3.IntegrityError as exc:
            raise MessageRefused(str(exc)) from None
    return wrapper


def _insert_message(conn: sqlite3.Connection, viewer: Viewer, thread_id: int, body: str,
                    files: list[attachments.Checked], comment_id: int | None = None) -> int:
    cursor = conn.execute(
        "INSERT INTO messages (thread_id, author_staff_id, author_family_id, body, comment_id)"
        " VALUES (?, ?, ?, ?, ?)",
        (thread_id, viewer.staff_id, viewer.family_id if viewer.staff_id is None else None,
         body, comment_id),
    )
    message_id = cursor.lastrowid
    for item in files:
        conn.execute(
            "INSERT INTO message_attachments (message_id, filename, content_type, size, sha256)"
            " VALUES (?, ?, ?, ?, ?)",
            (message_id, item.filename, item.content_type, len(item.data), item.sha256),
        )
    _read_up_to(conn, viewer, thread_id, message_id)
    return message_id


def _read_up_to(conn: sqlite3.Connection, viewer: Viewer, thread_id: int, message_id: int) -> None:
    conn.execute(
        "INSERT INTO message_reads (thread_id, reader, last_read_id) VALUES (?, ?, ?)"
        " ON CONFLICT (thread_id, reader) DO UPDATE SET last_read_id = excluded.last_read_id"
        " WHERE excluded.last_read_id > message_reads.last_read_id",
        (thread_id, viewer.reader, message_id),
    )


@_saved
def start_thread(conn: sqlite3.Connection, viewer: Viewer, *, student_id: int, kind: str,
                 staff_id: int | None, topic: str, body: str,
                 files: list[attachments.Checked], store_dir: Path) -> int:
    """A new thread about the child with its first message; returns the thread id."""
    body = check_body(body)
    if kind not in KINDS:
        raise MessageRefused("R-CORRESPONDENCE: выберите, кому написать.")
    attachments.store(store_dir, files)
    with transaction(conn, writer=viewer.writer):
        family = conn.execute("SELECT family_id FROM students WHERE id = ?",
                              (student_id,)).fetchone()
        if family is None or (viewer.staff_id is None and family[0] != viewer.family_id):
            raise MessageRefused("R-ACCESS-OWN: переписка ведётся о ребёнке своей семьи.")
        cursor = conn.execute(
            "INSERT INTO message_threads (family_id, student_id, kind, staff_id, topic, started_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (family[0], student_id, kind, None if kind == "reception" else staff_id,
             _topic(topic, body), viewer.staff_id),
        )
        _insert_message(conn, viewer, cursor.lastrowid, body, files)
        return cursor.lastrowid


@_saved
def post(conn: sqlite3.Connection, viewer: Viewer, thread_id: int, body: str,
         files: list[attachments.Checked], store_dir: Path) -> int:
    """A reply in a thread the viewer may see; returns the message id."""
    body = check_body(body)
    attachments.store(store_dir, files)
    with transaction(conn, writer=viewer.writer):
        if thread(conn, viewer, thread_id) is None:
            raise MessageRefused("R-ACCESS-OWN: такой переписки нет.")
        return _insert_message(conn, viewer, thread_id, body, files)


@_saved
def withdraw(conn: sqlite3.Connection, viewer: Viewer, message_id: int) -> int:
    """Withdraw the viewer's own message (within 10 minutes); returns its thread id."""
    with transaction(conn, writer=viewer.writer):
        row = conn.execute("SELECT thread_id FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None or thread(conn, viewer, row[0]) is None:
            raise MessageRefused("R-ACCESS-OWN: такого сообщения нет.")
        conn.execute("UPDATE messages SET withdrawn_at = ? WHERE id = ?", (stamp(), message_id))
        return row[0]


def mark_read(conn: sqlite3.Connection, viewer: Viewer, thread_id: int) -> None:
    """Remember that the viewer has read the thread up to its newest message."""
    newest = conn.execute("SELECT MAX(id) FROM messages WHERE thread_id = ?",
                          (thread_id,)).fetchone()[0]
    if newest is None:
        return
    seen = conn.execute("SELECT last_read_id FROM message_reads WHERE thread_id = ? AND reader = ?",
                        (thread_id, viewer.reader)).fetchone()
    if seen is not None and seen[0] >= newest:
        return
    with transaction(conn, writer=viewer.writer):
        _read_up_to(conn, viewer, thread_id, newest)
