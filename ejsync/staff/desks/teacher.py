"""The teacher's desk: today's lessons with what is missing, and the violations to fix."""

from __future__ import annotations

import sqlite3
from itertools import groupby
from zoneinfo import ZoneInfo

from ejsync.staff import journal
from ejsync.staff.desks.registry import DeskContext, Section, register_section
from ejsync.store.clock import parse_stamp
from ejsync.store.rights import allowed_sql

ACTIONABLE_SQL = (
    "SELECT v.id, v.rule, v.severity, v.message, v.due_at, v.lesson_id, l.date, l.slot,"
    " c.name AS class_name, s.name AS subject_name, g.name AS subgroup_name"
    " FROM violations v JOIN lessons l ON l.id = v.lesson_id"
    " JOIN classes c ON c.id = l.class_id JOIN subjects s ON s.id = l.subject_id"
    " LEFT JOIN subgroups g ON g.id = l.subgroup_id"
    " WHERE v.responsible_id = :me AND v.closed_at IS NULL"
    f" AND {allowed_sql('lessons', 'update', ('l',), ':me')}"
    " ORDER BY l.date, l.slot, v.rule"
)
SHOWN_LESSONS = 10  # the oldest first; the rest are counted
SHOWN_PER_LESSON = 3


def todays_lessons(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """The teacher's lessons today (bell times are the school's local times)."""
    slots = journal.slots_of_day(conn, ctx.staff_id, ctx.today)
    return {"slots": slots, "count": sum(1 for s in slots if s["missing"])}


def actionable_violations(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Open violations of lessons the teacher may still write, grouped by lesson."""
    found = journal.rows(conn, ACTIONABLE_SQL, {"me": ctx.staff_id})
    zone = ZoneInfo(ctx.timezone)
    for violation in found:  # the school's local time, formatted cheaply (many rows)
        due = violation["due_at"]
        violation["due_local"] = (parse_stamp(due).astimezone(zone).strftime("%d.%m.%Y, %H:%M")
                                  if due else "")
    lessons = [
        {"lesson_id": key, **{k: items[0][k] for k in (
            "date", "slot", "class_name", "subject_name", "subgroup_name")},
         "violations": items[:SHOWN_PER_LESSON], "hidden": len(items) - SHOWN_PER_LESSON}
        for key, group in groupby(found, key=lambda v: v["lesson_id"])
        for items in [list(group)]
    ]
    return {"lessons": lessons[:SHOWN_LESSONS], "more": max(0, len(lessons) - SHOWN_LESSONS),
            "count": len(found)}


register_section(Section("teacher-today", "teacher", "Мои уроки сегодня", "desk/today.html",
                         todays_lessons, order=10, link=("/staff/today", "Уроки недели")))
register_section(Section("teacher-violations", "teacher", "Что исправить в уроках",
                         "desk/lesson_violations.html", actionable_violations, order=20))
