"""The secretary's desk: student movements, family links, paper copies to register, the
support register, the consultation schedule and events."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from ejsync.staff import journal
from ejsync.staff.desks.common import editions_to_sign
from ejsync.staff.desks.registry import DeskContext, Section, register_section

RECENT_DAYS = 30


def recent_movements(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Enrolments and departures of the last 30 days and the next week."""
    rows = journal.rows(
        conn,
        "SELECT e.id, e.from_date, e.to_date, c.name AS class_name,"
        " st.last_name || ' ' || st.first_name AS student"
        " FROM enrollments e JOIN classes c ON c.id = e.class_id"
        " JOIN students st ON st.id = e.student_id"
        " WHERE e.from_date BETWEEN :since AND :until OR e.to_date BETWEEN :since AND :until"
        " ORDER BY max(e.from_date, IFNULL(e.to_date, '')) DESC LIMIT 15",
        {"since": (ctx.today - timedelta(days=RECENT_DAYS)).isoformat(),
         "until": (ctx.today + timedelta(days=7)).isoformat()},
    )
    return {"rows": rows, "today": ctx.today}


def open_requests(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Support requests without an answer yet (H-REQUESTS)."""
    rows = journal.rows(
        conn,
        "SELECT id, asked_on, asked_by, question FROM support_requests WHERE answer = ''"
        " ORDER BY asked_on, id LIMIT 10",
    )
    total = conn.execute("SELECT COUNT(*) FROM support_requests WHERE answer = ''").fetchone()[0]
    return {"rows": rows, "count": total}


def schedule_and_events(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """How many consultation hours are published, and the next events."""
    consultations = conn.execute("SELECT COUNT(*) FROM consultations").fetchone()[0]
    events = journal.rows(
        conn,
        "SELECT e.date, e.starts_at, e.title, c.name AS class_name FROM events e"
        " LEFT JOIN classes c ON c.id = e.class_id WHERE e.date >= :today"
        " ORDER BY e.date, e.starts_at LIMIT 5",
        {"today": ctx.today.isoformat()},
    )
    return {"consultations": consultations, "events": events}


for _section in (
    Section("secretary-movements", "secretary", "Движение учеников",
            "desk/movements.html", recent_movements, order=10,
            link=("/staff/movements", "Зачислить, перевести, отчислить")),
    Section("secretary-editions", "secretary", "Бумажные копии для регистрации",
            "desk/editions.html", editions_to_sign, order=20,
            link=("/staff/register", "Реестр изданий")),
    Section("secretary-requests", "secretary", "Журнал обращений: ждут ответа",
            "desk/requests.html", open_requests, order=30,
            link=("/staff/support", "Журнал обращений")),
    Section("secretary-schedule", "secretary", "Консультации и события",
            "desk/schedule.html", schedule_and_events, order=40),
):
    register_section(_section)
