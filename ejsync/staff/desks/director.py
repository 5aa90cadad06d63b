"""The director's desk: the school at a glance — how full the journal is this week, families'
activity, editions to sign, backups and archive copies."""

from __future__ import annotations

import sqlite3

from ejsync.staff import journal
from ejsync.staff.desks.common import archive_state, editions_to_sign, week_dates, week_start_stamp
from ejsync.staff.desks.registry import DeskContext, Section, register_section


def _planned_sql(days: list[str]) -> str:
    values = ", ".join(f"('{d}')" for d in days)  # ISO dates made by week_dates, not input
    return (
        f"WITH days(d) AS (VALUES {values}),"
        " planned AS (SELECT t.class_id, t.subgroup_id, t.teacher_id, t.slot, days.d"
        "  FROM days JOIN timetable t ON t.weekday = CAST(strftime('%u', days.d) AS INTEGER)"
        "  AND t.valid_from <= days.d AND (t.valid_to IS NULL OR t.valid_to >= days.d)"
        "  JOIN classes c ON c.id = t.class_id"
        "  WHERE NOT EXISTS (SELECT 1 FROM holidays h WHERE h.year_id = c.year_id"
        "   AND c.grade BETWEEN h.grade_from AND h.grade_to AND days.d BETWEEN h.starts_on"
        "   AND h.ends_on)),"
        " filled AS (SELECT p.*, EXISTS (SELECT 1 FROM lessons l WHERE l.class_id = p.class_id"
        "  AND IFNULL(l.subgroup_id, 0) = IFNULL(p.subgroup_id, 0) AND l.date = p.d"
        "  AND l.slot = p.slot AND trim(l.topic) <> '') AS ok FROM planned p)"
    )


def fill_rates(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Share of this week's timetable lessons recorded with a topic, by class and by teacher."""
    days = week_dates(ctx)
    if not days:
        return {"classes": [], "teachers": [], "count": 0}
    base = _planned_sql(days)
    classes = journal.rows(
        conn, base + " SELECT c.name AS label, COUNT(*) AS planned, SUM(ok) AS done"
        " FROM filled JOIN classes c ON c.id = filled.class_id GROUP BY c.id"
        " ORDER BY 1.0 * SUM(ok) / COUNT(*), c.grade, c.name")
    teachers = journal.rows(
        conn, base + " SELECT s.last_name || ' ' || s.first_name AS label, COUNT(*) AS planned,"
        " SUM(ok) AS done FROM filled JOIN staff s ON s.id = filled.teacher_id GROUP BY s.id"
        " ORDER BY 1.0 * SUM(ok) / COUNT(*), s.last_name LIMIT 15")
    for row in classes + teachers:
        row["percent"] = round(100 * row["done"] / row["planned"]) if row["planned"] else 100
    planned = sum(r["planned"] for r in classes)
    done = sum(r["done"] for r in classes)
    return {"classes": classes, "teachers": teachers, "days": days, "planned": planned,
            "done": done, "percent": round(100 * done / planned) if planned else 100}


def family_activity(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Families with electronic access that opened the diary this week, and twice or more
    (R-PARENT-CHECK), by class."""
    rows = journal.rows(
        conn,
        "WITH seen AS (SELECT family_id, COUNT(DISTINCT date(viewed_at)) AS days"
        "  FROM diary_views INDEXED BY diary_views_at WHERE viewed_at >= :week GROUP BY family_id),"
        " fam AS (SELECT DISTINCT e.class_id, st.family_id FROM enrollments e"
        "  JOIN students st ON st.id = e.student_id WHERE e.from_date <= :today"
        "  AND (e.to_date IS NULL OR e.to_date >= :today))"
        " SELECT c.name AS class_name, COUNT(*) AS families,"
        " SUM(seen.days IS NOT NULL) AS viewed, SUM(IFNULL(seen.days, 0) >= 2) AS twice"
        " FROM fam JOIN families f ON f.id = fam.family_id AND f.electronic_access = 1"
        " JOIN classes c ON c.id = fam.class_id LEFT JOIN seen ON seen.family_id = f.id"
        " GROUP BY c.id ORDER BY c.grade, c.name",
        {"week": week_start_stamp(ctx), "today": ctx.today.isoformat()},
    )
    families = sum(r["families"] for r in rows)
    viewed = sum(r["viewed"] for r in rows)
    return {"rows": rows, "families": families, "viewed": viewed,
            "twice": sum(r["twice"] for r in rows),
            "percent": round(100 * viewed / families) if families else 0}


for _section in (
    Section("director-fill", "director", "Заполнение журнала на этой неделе",
            "desk/fill.html", fill_rates, order=10),
    Section("director-families", "director", "Активность семей на этой неделе",
            "desk/family_activity.html", family_activity, order=20),
    Section("director-editions", "director", "Издания на подпись", "desk/editions.html",
            editions_to_sign, order=30),
    Section("director-archive", "director", "Резервные копии и архив", "desk/archive.html",
            archive_state, order=40),
):
    register_section(_section)
