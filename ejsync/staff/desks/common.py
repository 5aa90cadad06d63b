"""Queries more than one desk shows: the week's bounds, editions to sign, the archive's state."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ejsync.staff import journal
from ejsync.staff.desks.registry import DeskContext
from ejsync.store.clock import stamp

MEDIA_NEEDED = 2  # P-TWO-MEDIA


def week_start_stamp(ctx: DeskContext) -> str:
    """The UTC instant of this school week's Monday, 00:00 at the school."""
    monday = journal.week_start(ctx.today)
    return stamp(datetime.combine(monday, time(0), ZoneInfo(ctx.timezone)))


def week_dates(ctx: DeskContext) -> list[str]:
    """Monday to today (Saturday at most) of this school week, as ISO dates."""
    monday = journal.week_start(ctx.today)
    last = min(ctx.today, monday + timedelta(days=5))
    return [(monday + timedelta(days=i)).isoformat() for i in range((last - monday).days + 1)]


def editions_to_sign(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Printed editions whose signed paper copy is not registered yet (P-SIGNATURES)."""
    rows = journal.rows(
        conn,
        "SELECT edition_id, kind, class_name, period, week_of, generated_at, media"
        " FROM archive_register WHERE register_no IS NULL AND kind <> 'family'"
        " ORDER BY generated_at DESC, edition_id DESC LIMIT 20",
    )
    total = conn.execute(
        "SELECT COUNT(*) FROM archive_register WHERE register_no IS NULL AND kind <> 'family'"
    ).fetchone()[0]
    return {"rows": rows, "count": total}


def archive_state(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """The last backup, editions on fewer than two media, the last archive check."""
    last_backup = journal.one(
        conn, "SELECT at, path, by_name FROM backup_log WHERE action = 'backup'"
        " ORDER BY at DESC, id DESC LIMIT 1")
    short = journal.rows(
        conn,
        "SELECT edition_id, kind, class_name, period, media FROM archive_register"
        " WHERE kind <> 'family' AND media < :need ORDER BY edition_id DESC LIMIT 20",
        {"need": MEDIA_NEEDED},
    )
    failed = journal.rows(
        conn,
        "SELECT k.edition_id, k.medium, k.checked_at FROM archive_checks k"
        " WHERE k.ok = 0 AND NOT EXISTS (SELECT 1 FROM archive_checks n"
        "  WHERE n.edition_id = k.edition_id AND n.medium = k.medium AND n.ok = 1"
        "  AND n.checked_at > k.checked_at) ORDER BY k.checked_at DESC LIMIT 20",
    )
    last_check = conn.execute("SELECT MAX(checked_at) FROM archive_checks").fetchone()[0]
    return {"last_backup": last_backup, "short": short, "failed": failed,
            "last_check": last_check, "need": MEDIA_NEEDED,
            "count": len(short) + len(failed) + (last_backup is None)}
