"""Immediate notices: a message from the school (a reply, or a lesson's comment sent with
«отправить сообщение родителям») reaches the family's e-mail at once, after quiet hours."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ejsync.notify.digest import sql
from ejsync.notify.letters import compose, school_name
from ejsync.notify.outbox import SENDER, Letter, enqueue
from ejsync.notify.quiet import Schedule
from ejsync.notify.subscriptions import links
from ejsync.store import transaction
from ejsync.store.clock import stamp

CURSOR = "notify"


def queue_notices(conn: sqlite3.Connection, now: datetime, base_url: str, domain: str,
                  schedule: Schedule) -> int:
    """Queue a notice for every new staff message of a subscribed family; returns how many."""
    with transaction(conn, writer=SENDER):
        row = conn.execute("SELECT change_id FROM cursors WHERE name = ?", (CURSOR,)).fetchone()
        after = row[0] if row else 0  # no row yet: every message since the beginning
        until = conn.execute("SELECT IFNULL(MAX(id), 0) FROM messages").fetchone()[0]
        if until == after:
            return 0
        queued = 0
        school = school_name(conn)
        not_before = schedule.next_allowed(now)
        for message in conn.execute(sql("new_staff_messages"), {"after": after, "until": until}):
            urls = links(base_url, message["token"])
            subject = (f"Запись учителя о ребёнке: {message['child']}" if message["comment_id"]
                       else f"Новое сообщение из школы: {message['child']}")
            text = compose("message", subject, school=school, message=dict(message),
                           full=message["mode"] == "digest", diary_url=base_url, **urls)
            queued += enqueue(conn, Letter(
                f"message:{message['id']}:{message['subscription_id']}", "message",
                message["email"], text.subject, text.text, text.html, message["family_id"],
                message["subscription_id"], message["id"], urls["unsubscribe_url"]),
                not_before, domain)
        conn.execute(
            "INSERT INTO cursors (name, change_id, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET change_id = excluded.change_id,"
            " updated_at = excluded.updated_at", (CURSOR, until, stamp(now)))
    return queued
