"""A family's opt-in to e-mail: one address, confirmed by a link, a digest or a notice only;
every e-mail carries the link that ends it (R-INFORM-FAMILIES, R-OFFLINE-FAMILY)."""

from __future__ import annotations

import re
import secrets
import sqlite3

from ejsync.errors import UserError
from ejsync.notify.letters import compose, school_name
from ejsync.notify.outbox import Letter, enqueue
from ejsync.notify.relay import relay_domain
from ejsync.store import Writer, transaction
from ejsync.store.clock import stamp, utc_now

MODES = {"digest": "сводка за день: отметки, пропуски, записи, сообщения, задания на завтра",
         "notice": "только уведомление «в дневнике есть новое», без подробностей"}
EMAIL = re.compile(r"^[^@\s<>,;\"]{1,64}@[^@\s<>,;\"]+\.[^@\s<>,;\"]{2,}$")


class SubscriptionRefused(UserError):
    """The choice was not saved; the Russian text says why."""


def links(base_url: str, token: str) -> dict[str, str]:
    """The confirmation and unsubscribe links of a subscription."""
    base = base_url.rstrip("/")
    return {"confirm_url": f"{base}/notify/confirm?t={token}",
            "unsubscribe_url": f"{base}/notify/unsubscribe?t={token}"}


def current(conn: sqlite3.Connection, family_id: int) -> dict | None:
    """The family's live subscription (or the last one that ended) with its last delivery."""
    row = conn.execute(
        "SELECT s.*, (SELECT o.status FROM notify_outbox o WHERE o.subscription_id = s.id"
        "  ORDER BY o.id DESC LIMIT 1) AS last_status,"
        " (SELECT o.last_error FROM notify_outbox o WHERE o.subscription_id = s.id"
        "  ORDER BY o.id DESC LIMIT 1) AS last_delivery_error,"
        " (SELECT MAX(o.sent_at) FROM notify_outbox o WHERE o.subscription_id = s.id) AS last_sent"
        " FROM notify_subscriptions s WHERE s.family_id = ? ORDER BY s.ended_at IS NULL DESC,"
        " s.id DESC LIMIT 1", (family_id,)).fetchone()
    return dict(row) if row else None


def subscribe(conn: sqlite3.Connection, family_id: int, email: str, mode: str,
              base_url: str) -> int:
    """Start (or replace) the family's subscription and queue the confirmation e-mail."""
    email = (email or "").strip()
    if not EMAIL.match(email) or len(email) > 254:
        raise SubscriptionRefused(
            "R-INFORM-FAMILIES: адрес электронной почты записан неверно. Проверьте его, например"
            " ivanova@mail.ru.")
    if mode not in MODES:
        raise SubscriptionRefused("R-INFORM-FAMILIES: выберите, какие письма присылать.")
    token = secrets.token_urlsafe(24)
    now = utc_now()
    try:
        with transaction(conn, writer=Writer.family(family_id)):
            conn.execute("UPDATE notify_subscriptions SET ended_at = ?, ended_reason = 'replaced'"
                         " WHERE family_id = ? AND ended_at IS NULL", (stamp(now), family_id))
            subscription_id = conn.execute(
                "INSERT INTO notify_subscriptions (family_id, email, mode, token)"
                " VALUES (?, ?, ?, ?)",
                (family_id, email, mode, token)).lastrowid
            urls = links(base_url, token)
            text = compose("confirm", "Подтвердите адрес для писем из электронного дневника",
                           school=school_name(conn), mode=MODES[mode], email=email, **urls)
            enqueue(conn, Letter(f"confirm:{subscription_id}", "confirm", email, text.subject,
                                 text.text, text.html, family_id, subscription_id,
                                 unsubscribe_url=urls["unsubscribe_url"]),
                    now, relay_domain(conn))
    except sqlite3.IntegrityError as exc:
        raise SubscriptionRefused(str(exc)) from None
    return subscription_id


def _by_token(conn: sqlite3.Connection, token: str) -> sqlite3.Row | None:
    if not token or len(token) > 64:
        return None
    return conn.execute("SELECT * FROM notify_subscriptions WHERE token = ?", (token,)).fetchone()


def confirm(conn: sqlite3.Connection, token: str) -> sqlite3.Row | None:
    """Confirm the address of the link's subscription; None when the link is unknown or ended."""
    row = _by_token(conn, token)
    if row is None or row["ended_at"] is not None:
        return None
    if row["confirmed_at"] is None:
        with transaction(conn, writer=Writer.family(row["family_id"])):
            conn.execute("UPDATE notify_subscriptions SET confirmed_at = ? WHERE id = ?",
                         (stamp(), row["id"]))
    return row


def unsubscribe(conn: sqlite3.Connection, token: str) -> sqlite3.Row | None:
    """End the link's subscription (no more e-mail); None when the link is unknown."""
    row = _by_token(conn, token)
    if row is None:
        return None
    if row["ended_at"] is None:
        with transaction(conn, writer=Writer.family(row["family_id"])):
            conn.execute("UPDATE notify_subscriptions SET ended_at = ?,"
                         " ended_reason = 'unsubscribed' WHERE id = ?", (stamp(), row["id"]))
    return row


def end_for_family(conn: sqlite3.Connection, family_id: int) -> None:
    """The family switches e-mail off from its settings page."""
    with transaction(conn, writer=Writer.family(family_id)):
        conn.execute("UPDATE notify_subscriptions SET ended_at = ?, ended_reason = 'unsubscribed'"
                     " WHERE family_id = ? AND ended_at IS NULL", (stamp(), family_id))
