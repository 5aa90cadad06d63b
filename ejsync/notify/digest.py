"""The daily digest of one family (new marks, absences, comments, messages, homework for
tomorrow), or a notice only, queued once a day per family: a digest never mixes families."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from ejsync.notify.letters import compose, school_name
from ejsync.notify.outbox import SENDER, Letter, enqueue
from ejsync.notify.quiet import Schedule
from ejsync.notify.subscriptions import links
from ejsync.render import ru_date
from ejsync.store import transaction
from ejsync.store.clock import stamp

SQL_DIR = Path(__file__).resolve().parent / "sql"
BATCH = 100  # families queued per transaction
PARTS = ("marks", "absences", "comments", "messages", "homework")
COMMENT_KINDS = {"remark": "замечание", "praise": "благодарность", "note": "заметка"}


@cache
def sql(name: str) -> str:
    """The query `ejsync/notify/sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def family_news(conn: sqlite3.Connection, family_id: int, since: str, until: str,
                tomorrow: str) -> list[dict]:
    """Per child of this family only: what is new between `since` and `until`, and tomorrow's
    homework."""
    children = []
    for child in conn.execute(sql("family_children"), {"family": family_id}):
        window = {"student": child["id"], "family": family_id, "since": since, "until": until,
                  "class": child["class_id"], "tomorrow": tomorrow}
        news = {part: [dict(r) for r in conn.execute(sql(f"digest_{part}"), window)]
                for part in PARTS}
        for comment in news["comments"]:
            comment["kind_title"] = COMMENT_KINDS.get(comment["kind"], "заметка")
        for row in news["marks"] + news["absences"]:
            row["day"] = ru_date(row["date"], "d MMMM") if row.get("date") else ""
        children.append({"name": f"{child['first_name']} {child['last_name']}",
                         "class_name": child["class_name"], **news})
    return children


def _counts(children: list[dict]) -> dict[str, int]:
    return {part: sum(len(c[part]) for c in children) for part in PARTS}


def queue_digests(conn: sqlite3.Connection, now: datetime, base_url: str, domain: str,
                  schedule: Schedule) -> int:
    """Queue today's digests once the digest hour has come; returns how many were queued."""
    if now < schedule.digest_due(now):
        return 0
    local_day = now.astimezone(schedule.tz).date()
    tomorrow = (local_day + timedelta(days=1)).isoformat()
    school = school_name(conn)
    due = conn.execute(sql("due_subscriptions"), {"day": local_day.isoformat()}).fetchall()
    queued = 0
    for start in range(0, len(due), BATCH):
        with transaction(conn, writer=SENDER):
            for sub in due[start:start + BATCH]:
                queued += _queue_one(conn, sub, now, base_url, domain, school, local_day, tomorrow)
    return queued


def _queue_one(conn: sqlite3.Connection, sub: sqlite3.Row, now: datetime, base_url: str,
               domain: str, school: str, local_day, tomorrow: str) -> int:
    since = sub["last_digest_at"] or stamp(now - timedelta(days=1))
    children = family_news(conn, sub["family_id"], since, stamp(now), tomorrow)
    counts = _counts(children)
    if not any(counts.values()):
        return 0
    urls = links(base_url, sub["token"])
    day = ru_date(local_day, "d MMMM")
    kind = "digest" if sub["mode"] == "digest" else "notice"
    subject = (f"Дневник за {day}: {', '.join(c['name'].split()[0] for c in children)}"
               if kind == "digest" else f"В электронном дневнике есть новое ({day})")
    text = compose(kind, subject, school=school, children=children, counts=counts,
                   family=sub["family_title"], diary_url=base_url, **urls)
    return int(enqueue(conn, Letter(f"digest:{sub['family_id']}:{local_day.isoformat()}", kind,
                                    sub["email"], text.subject, text.text, text.html,
                                    sub["family_id"], sub["id"],
                                    unsubscribe_url=urls["unsubscribe_url"]), now, domain))
