"""The outbox: every e-mail composed when queued, then claimed, handed to the relay and marked,
so a relay that is down loses nothing and an e-mail once sent is never sent again."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from ejsync.notify.relay import Outcome, Relay
from ejsync.store import Writer, transaction
from ejsync.store.clock import parse_stamp, stamp

LEASE = timedelta(minutes=5)  # a claim not finished by then (a crash) is tried again
MAX_ATTEMPTS = 20
MAX_DELAY = timedelta(hours=1)
SENDER = Writer.tool("agent")


@dataclass(frozen=True)
class Letter:
    """An e-mail to queue: who, what (plain text and HTML) and why."""

    dedup_key: str
    kind: str
    recipient: str
    subject: str
    text: str
    html: str
    family_id: int | None = None
    subscription_id: int | None = None
    source_message_id: int | None = None
    unsubscribe_url: str = ""


def enqueue(conn: sqlite3.Connection, letter: Letter, not_before: datetime, domain: str) -> bool:
    """Queue the letter once (its dedup key); False if it was queued before. Inside the
    caller's transaction."""
    cursor = conn.execute(
        "INSERT INTO notify_outbox (dedup_key, kind, family_id, subscription_id,"
        " source_message_id, recipient, subject, body_text, body_html, message_id,"
        " unsubscribe_url, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        (letter.dedup_key, letter.kind, letter.family_id, letter.subscription_id,
         letter.source_message_id, letter.recipient, letter.subject, letter.text, letter.html,
         f"<{uuid.uuid4().hex}@{domain}>", letter.unsubscribe_url, stamp(not_before)),
    )
    return cursor.rowcount == 1


def email_message(row, relay: Relay) -> Message:
    """The e-mail of an outbox row: plain text plus HTML, UTF-8, with an unsubscribe header.

    Headers are encoded with `email.header.Header`: the newer policy's folding drops the space
    between two encoded words of a long Russian subject."""
    message = MIMEMultipart("alternative")
    message["From"] = formataddr((relay.from_name, relay.from_address), charset="utf-8")
    message["To"] = row["recipient"]
    message["Subject"] = Header(row["subject"], "utf-8")
    message["Date"] = format_datetime(parse_stamp(row["created_at"]))
    message["Message-ID"] = row["message_id"]
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = "ru"
    if row["unsubscribe_url"]:
        message["List-Unsubscribe"] = f"<{row['unsubscribe_url']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.attach(MIMEText(row["body_text"], "plain", "utf-8"))
    message.attach(MIMEText(row["body_html"], "html", "utf-8"))
    return message


STALE = """
SELECT o.id FROM notify_outbox o
LEFT JOIN families f ON f.id = o.family_id
LEFT JOIN notify_subscriptions s ON s.id = o.subscription_id
LEFT JOIN messages m ON m.id = o.source_message_id
WHERE o.id IN (SELECT value FROM json_each(?))
  AND (f.electronic_access = 0 OR m.withdrawn_at IS NOT NULL
       OR (o.kind NOT IN ('confirm', 'test') AND s.ended_at IS NOT NULL))
"""


def claim(conn: sqlite3.Connection, now: datetime, limit: int) -> list[sqlite3.Row]:
    """Take up to `limit` due e-mails (and those of a crashed claim) for sending; e-mails that
    lost their reason (a withdrawn message, an unsubscribed or offline family) are cancelled."""
    at = stamp(now)
    with transaction(conn, writer=SENDER):
        due = conn.execute(
            "SELECT id FROM notify_outbox WHERE (status = 'pending' AND next_attempt_at <= ?)"
            " OR (status = 'sending' AND claimed_until < ?) ORDER BY next_attempt_at, id LIMIT ?",
            (at, at, limit)).fetchall()
        ids = "[" + ",".join(str(r[0]) for r in due) + "]"
        stale = [r[0] for r in conn.execute(STALE, (ids,))]
        conn.executemany("UPDATE notify_outbox SET status = 'cancelled' WHERE id = ?",
                         [(i,) for i in stale])
        conn.execute(
            "UPDATE notify_outbox SET status = 'sending', claimed_until = ?,"
            " attempts = attempts + 1 WHERE id IN (SELECT value FROM json_each(?))"
            " AND status IN ('pending', 'sending')",
            (stamp(now + LEASE), ids))
        return conn.execute(
            "SELECT * FROM notify_outbox WHERE id IN (SELECT value FROM json_each(?))"
            " AND status = 'sending' ORDER BY id", (ids,)).fetchall()


def backoff(attempts: int, base: timedelta) -> timedelta:
    """The pause before the next try: `base`, doubled each failure, at most an hour."""
    return min(base * (2 ** max(0, attempts - 1)), MAX_DELAY)


def record(conn: sqlite3.Connection, rows: list[sqlite3.Row], outcomes: list[Outcome],
           now: datetime, base: timedelta) -> dict[str, int]:
    """Mark each claimed e-mail by what the relay did; a refused address ends its subscription."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    with transaction(conn, writer=SENDER):
        for row, outcome in zip(rows, outcomes, strict=True):
            status = outcome.status
            if status == "retry" and row["attempts"] >= MAX_ATTEMPTS:
                status = "failed"
            counts[status] += 1
            if status == "sent":
                conn.execute("UPDATE notify_outbox SET status = 'sent', sent_at = ?,"
                             " claimed_until = NULL WHERE id = ?", (stamp(now), row["id"]))
                continue
            conn.execute(
                "UPDATE notify_outbox SET status = ?, next_attempt_at = ?, claimed_until = NULL,"
                " last_error = ? WHERE id = ?",
                ("pending" if status == "retry" else "failed",
                 stamp(now + backoff(row["attempts"], base)), outcome.error, row["id"]))
            if outcome.bounced and row["subscription_id"] is not None:
                conn.execute(
                    "UPDATE notify_subscriptions SET last_error = ?, ended_at = ?,"
                    " ended_reason = 'bounced' WHERE id = ? AND ended_at IS NULL",
                    (outcome.error, stamp(now), row["subscription_id"]))
    return counts


def summary(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """The outbox by kind and state, with the latest error (for `ejsync notify status`)."""
    return conn.execute(
        "SELECT kind, status, COUNT(*) AS count, MAX(last_error) AS last_error,"
        " MIN(next_attempt_at) AS next_at FROM notify_outbox GROUP BY kind, status"
        " ORDER BY kind, status").fetchall()
