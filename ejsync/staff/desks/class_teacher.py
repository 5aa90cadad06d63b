"""The class teacher's desk: absences to explain, families to reach, acknowledgements, the
class's violations."""

from __future__ import annotations

import sqlite3

from ejsync.staff import journal
from ejsync.staff.desks.common import week_start_stamp
from ejsync.staff.desks.registry import DeskContext, Section, register_section

CURRENT_STUDENTS = (
    "SELECT e.student_id, e.class_id FROM enrollments e JOIN classes c ON c.id = e.class_id"
    " WHERE c.class_teacher_id = :me AND e.from_date <= :today"
    " AND (e.to_date IS NULL OR e.to_date >= :today)"
)


def _params(ctx: DeskContext) -> dict:
    return {"me": ctx.staff_id, "today": ctx.today.isoformat()}


def absences_without_reason(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """This week's absences still marked «н», by student."""
    rows = journal.rows(
        conn,
        "SELECT st.id, st.last_name || ' ' || st.first_name AS student, c.name AS class_name,"
        " c.id AS class_id, COUNT(*) AS lessons"
        " FROM attendance a JOIN lessons l ON l.id = a.lesson_id"
        " JOIN classes c ON c.id = l.class_id JOIN students st ON st.id = a.student_id"
        " WHERE c.class_teacher_id = :me AND a.code = 'н' AND l.date BETWEEN :monday AND :today"
        " GROUP BY st.id ORDER BY c.name, st.last_name, st.first_name",
        dict(_params(ctx), monday=journal.week_start(ctx.today).isoformat()),
    )
    return {"rows": rows, "count": sum(r["lessons"] for r in rows)}


def families_to_reach(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Families of the class without a working access code, or with no diary view this week."""
    rows = journal.rows(
        conn,
        "WITH mine AS (" + CURRENT_STUDENTS + ")"
        " SELECT f.id, f.title, f.electronic_access, c.name AS class_name,"
        " group_concat(st.first_name, ', ') AS children,"
        " EXISTS (SELECT 1 FROM family_access_codes a WHERE a.family_id = f.id"
        "  AND a.revoked_at IS NULL) AS has_code,"
        " EXISTS (SELECT 1 FROM diary_views v WHERE v.family_id = f.id"
        "  AND v.viewed_at >= :week) AS viewed"
        " FROM mine JOIN students st ON st.id = mine.student_id"
        " JOIN families f ON f.id = st.family_id JOIN classes c ON c.id = mine.class_id"
        " GROUP BY f.id ORDER BY c.name, f.title",
        dict(_params(ctx), week=week_start_stamp(ctx)),
    )
    no_code = [r for r in rows if r["electronic_access"] and not r["has_code"]]
    not_seen = [r for r in rows if r["electronic_access"] and r["has_code"] and not r["viewed"]]
    offline = [r for r in rows if not r["electronic_access"]]
    return {"no_code": no_code, "not_seen": not_seen, "offline": offline,
            "count": len(no_code) + len(not_seen)}


def acknowledgements(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """The last ended period of each class: which families acknowledged its final marks."""
    rows = journal.rows(
        conn,
        "WITH mine AS (" + CURRENT_STUDENTS + "),"
        " last AS (SELECT c.id AS class_id, (SELECT p.id FROM periods p"
        "  WHERE p.year_id = c.year_id AND p.code <> 'Y' AND c.grade BETWEEN p.grade_from"
        "  AND p.grade_to AND p.ends_on < :today ORDER BY p.ends_on DESC LIMIT 1) AS period_id"
        "  FROM classes c WHERE c.class_teacher_id = :me)"
        " SELECT c.name AS class_name, p.title AS period, st.last_name || ' ' || st.first_name"
        " AS student, a.acknowledged_at, a.message"
        " FROM mine JOIN last ON last.class_id = mine.class_id"
        " JOIN periods p ON p.id = last.period_id JOIN classes c ON c.id = mine.class_id"
        " JOIN students st ON st.id = mine.student_id"
        " LEFT JOIN acknowledgements a ON a.student_id = st.id AND a.period_id = p.id"
        " ORDER BY c.name, a.acknowledged_at IS NOT NULL, st.last_name, st.first_name",
        _params(ctx),
    )
    done = sum(1 for r in rows if r["acknowledged_at"])
    return {"rows": rows, "done": done, "total": len(rows), "count": len(rows) - done,
            "period": rows[0]["period"] if rows else None}


def class_violations(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Open violations of the class, counted by rule."""
    rows = journal.rows(
        conn,
        "SELECT v.rule, v.class_id, c.name AS class_name, COUNT(*) AS n"
        " FROM violations v JOIN classes c ON c.id = v.class_id"
        " WHERE c.class_teacher_id = :me AND v.closed_at IS NULL"
        " GROUP BY v.class_id, v.rule ORDER BY c.name, n DESC",
        _params(ctx),
    )
    return {"rows": rows, "count": sum(r["n"] for r in rows)}


for _section in (
    Section("class-absences", "class_teacher", "Пропуски без причины на этой неделе",
            "desk/class_absences.html", absences_without_reason, order=10,
            link=("/staff/absences", "Причины пропусков")),
    Section("class-families", "class_teacher", "Семьи: доступ и просмотры дневника",
            "desk/class_families.html", families_to_reach, order=20,
            link=("/staff/family-access", "Доступ семей")),
    Section("class-acknowledgements", "class_teacher", "Ознакомление с итоговыми отметками",
            "desk/class_acknowledgements.html", acknowledgements, order=30),
    Section("class-violations", "class_teacher", "Нарушения регламента в классе",
            "desk/class_violations.html", class_violations, order=40),
):
    register_section(_section)
