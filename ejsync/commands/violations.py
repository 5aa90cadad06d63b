"""`ejsync violations`: list violations (with history) and accept one as the deputy."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_current
from ejsync.rules.waivers import waive
from ejsync.store import Writer, transaction

SEVERITY_TITLES = {"error": "ошибка", "warning": "предупреждение", "info": "к сведению"}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `violations list|accept`."""
    parser = subparsers.add_parser("violations", help="нарушения положений: список и принятие")
    actions = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    listing = actions.add_parser("list", help="открытые (или все) нарушения")
    add_db_argument(listing)
    listing.add_argument("--class", dest="class_name", metavar="КЛАСС")
    listing.add_argument("--rule", metavar="ПРАВИЛО", help="например R-HW-DEADLINE")
    listing.add_argument("--responsible", type=int, metavar="ID", help="id сотрудника")
    listing.add_argument("--all", action="store_true", help="вместе с закрытыми (история)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)
    accept = actions.add_parser(
        "accept", help="принять нарушение, которое уже нельзя исправить (заместитель директора)"
    )
    add_db_argument(accept)
    accept.add_argument("id", type=int, metavar="НОМЕР", help="номер нарушения (violations.id)")
    accept.add_argument("--by", type=int, required=True, metavar="ID",
                        help="id заместителя директора или администратора")
    accept.add_argument("--reason", required=True, metavar="ПРИЧИНА")
    accept.set_defaults(func=run_accept)


def run_list(args: argparse.Namespace) -> int:
    """Print violations matching the filters."""
    conn = open_current(args.db, readonly=True)
    rows = conn.execute(
        "SELECT v.id, v.rule, v.severity, v.record_table, v.record_id, c.name AS class_name,"
        " v.responsible_id, v.due_at, v.found_at, v.closed_at, v.message"
        " FROM violations v LEFT JOIN classes c ON c.id = v.class_id"
        " WHERE (? OR v.closed_at IS NULL) AND (? IS NULL OR c.name = ?)"
        " AND (? IS NULL OR v.rule = ?) AND (? IS NULL OR v.responsible_id = ?)"
        " ORDER BY v.found_at, v.id",
        (args.all, args.class_name, args.class_name, args.rule, args.rule, args.responsible,
         args.responsible),
    ).fetchall()
    if args.json:
        print(json.dumps([dict(r) for r in rows], ensure_ascii=False, indent=1))
        return 0
    table = Table(title=f"Нарушения: {len(rows)}")
    for column in ("№", "Правило", "Важность", "Класс", "Найдено", "Закрыто", "Что сделать"):
        table.add_column(column)
    for r in rows:
        table.add_row(str(r["id"]), r["rule"], SEVERITY_TITLES[r["severity"]],
                      r["class_name"] or "", r["found_at"], r["closed_at"] or "", r["message"])
    Console().print(table)
    return 0


def run_accept(args: argparse.Namespace) -> int:
    """Record a waiver for the violation and close it; the next check keeps it closed."""
    conn = open_current(args.db)
    with transaction(conn, writer=Writer.tool("cli", args.by)):
        rule = waive(conn, args.id, args.by, args.reason)
    output_console().print(
        f"Нарушение № {args.id} ({rule}) принято и закрыто: {args.reason}"
    )
    return 0
