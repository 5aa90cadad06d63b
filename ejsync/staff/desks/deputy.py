"""The deputy's desk: violations by teacher, class and rule; reports; corrections asked for;
today's substitutions; editions awaiting signatures."""

from __future__ import annotations

import sqlite3

from ejsync.staff import journal
from ejsync.staff.desks.common import editions_to_sign
from ejsync.staff.desks.registry import DeskContext, Section, register_section

REPORT_TITLES = {
    "REP-CONTROL": "Контроль ведения журнала",
    "REP-WEEKLY-ACTIVITY": "Активность пользователей за неделю",
    "REP-MONTHLY-FILL": "Заполнение журнала за месяц",
    "REP-PERIOD": "Успеваемость и посещаемость за период",
    "REP-FORECAST": "Прогноз успеваемости",
}
TOP = 8


def violation_counts(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Open violations counted by teacher, by class and by rule (the largest first)."""
    def counted(column: str, names: str) -> list[dict]:
        return journal.rows(
            conn,
            f"SELECT t.key, {names} AS label, t.n FROM (SELECT {column} AS key, COUNT(*) AS n"
            f" FROM violations WHERE closed_at IS NULL AND {column} IS NOT NULL"
            f" GROUP BY {column} ORDER BY n DESC LIMIT {TOP}) t ORDER BY t.n DESC, label",
        )
    total = conn.execute("SELECT COUNT(*) FROM violations WHERE closed_at IS NULL").fetchone()[0]
    return {
        "by_teacher": counted("responsible_id", "(SELECT last_name || ' ' || first_name"
                                                " FROM staff WHERE id = t.key)"),
        "by_class": counted("class_id", "(SELECT name FROM classes WHERE id = t.key)"),
        "by_rule": counted("rule", "t.key"),
        "count": total,
    }


def reports(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """The five control reports, opened in the browser or downloaded as CSV."""
    return {"reports": REPORT_TITLES}


def correction_requests(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Teachers' requests to correct a mark, not answered yet."""
    rows = journal.rows(
        conn,
        "SELECT r.id, r.asked_on, r.asked_by, r.question, r.mark_id FROM support_requests r"
        " WHERE r.mark_id IS NOT NULL AND r.answer = '' ORDER BY r.asked_on, r.id",
    )
    return {"rows": rows, "count": len(rows)}


def todays_substitutions(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Substitutions recorded for today."""
    rows = journal.rows(
        conn,
        "SELECT su.slot, c.name AS class_name, s.name AS subject_name,"
        " sb.last_name || ' ' || sb.first_name AS substitute_name"
        " FROM substitutions su JOIN classes c ON c.id = su.class_id"
        " JOIN subjects s ON s.id = su.subject_id JOIN staff sb ON sb.id = su.substitute_id"
        " WHERE su.date = :today AND su.cancelled_at IS NULL ORDER BY su.slot, c.name",
        {"today": ctx.today.isoformat()},
    )
    return {"rows": rows, "today": ctx.today}


for _section in (
    Section("deputy-violations", "deputy", "Открытые нарушения регламента",
            "desk/deputy_violations.html", violation_counts, order=10,
            link=("/staff/violations", "Все нарушения")),
    Section("deputy-corrections", "deputy", "Исправления отметок",
            "desk/deputy_corrections.html", correction_requests, order=20,
            link=("/staff/grid", "Выбрать отметку в журнале класса")),
    Section("deputy-reports", "deputy", "Отчёты контроля", "desk/reports.html", reports,
            order=30),
    Section("deputy-substitutions", "deputy", "Замены на сегодня", "desk/substitutions.html",
            todays_substitutions, order=40, link=("/staff/substitutions", "Записать замену")),
    Section("deputy-editions", "deputy", "Издания, ждущие подписей", "desk/editions.html",
            editions_to_sign, order=50, link=("/staff/register", "Реестр изданий")),
):
    register_section(_section)
