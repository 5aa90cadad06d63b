"""The admin's desk: accounts and roles, access codes by class, backups and archive copies,
the installation check and the raw tables."""

from __future__ import annotations

import sqlite3

from ejsync.staff import journal
from ejsync.staff.desks.common import archive_state
from ejsync.staff.desks.registry import DeskContext, Section, register_section
from ejsync.store.clock import stamp


def accounts_state(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Active staff without an account, disabled and locked accounts."""
    row = journal.one(
        conn,
        "SELECT TOTAL(active) AS staff, TOTAL(active AND login IS NULL) AS without_account,"
        " TOTAL(disabled_at IS NOT NULL) AS disabled, TOTAL(locked_until > :now) AS locked"
        " FROM staff_account_states",
        {"now": stamp()},
    )
    counts = {key: int(value) for key, value in row.items()}
    return dict(counts, count=counts["without_account"] + counts["locked"])


def access_by_class(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Per class: families with electronic access and how many hold a working code."""
    rows = journal.rows(
        conn,
        "WITH fam AS (SELECT DISTINCT e.class_id, st.family_id FROM enrollments e"
        "  JOIN students st ON st.id = e.student_id WHERE e.from_date <= :today"
        "  AND (e.to_date IS NULL OR e.to_date >= :today)),"
        " coded AS (SELECT DISTINCT family_id FROM family_access_codes WHERE revoked_at IS NULL)"
        " SELECT c.id AS class_id, c.name AS class_name, COUNT(*) AS families,"
        " SUM(f.electronic_access = 0) AS offline, SUM(coded.family_id IS NOT NULL) AS with_code"
        " FROM fam JOIN families f ON f.id = fam.family_id JOIN classes c ON c.id = fam.class_id"
        " LEFT JOIN coded ON coded.family_id = f.id GROUP BY c.id ORDER BY c.grade, c.name",
        {"today": ctx.today.isoformat()},
    )
    for row in rows:
        row["missing"] = row["families"] - row["offline"] - row["with_code"]
    return {"rows": rows, "count": sum(max(r["missing"], 0) for r in rows)}


def tools(conn: sqlite3.Connection, ctx: DeskContext) -> dict:
    """Links to the installation check and the raw tables."""
    return {}


for _section in (
    Section("admin-accounts", "admin", "Учётные записи и роли", "desk/accounts.html",
            accounts_state, order=10, link=("/staff/accounts", "Учётные записи")),
    Section("admin-access", "admin", "Коды доступа семей по классам", "desk/access.html",
            access_by_class, order=20),
    Section("admin-archive", "admin", "Резервные копии и архив", "desk/archive.html",
            archive_state, order=30),
    Section("admin-tools", "admin", "Проверка установки и таблицы", "desk/tools.html", tools,
            order=40),
):
    register_section(_section)
