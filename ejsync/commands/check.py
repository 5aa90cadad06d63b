"""`ejsync check`: run the soft-rule checks and print the open violations."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from datetime import UTC, datetime

from rich.console import Console
from rich.table import Table

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands._database import open_current
from ejsync.errors import UserError
from ejsync.rules import labels, run_checks
from ejsync.store.clock import timezone_name

SEVERITY_TITLES = {"error": "ошибка", "warning": "предупреждение", "info": "к сведению"}
TABLE_LIMIT = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `check` sub-command."""
    parser = subparsers.add_parser(
        "check", help="проверить журнал по положениям и записать нарушения"
    )
    add_db_argument(parser)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--full", action="store_true", help="проверить всё")
    mode.add_argument(
        "--changes-since",
        metavar="CURSOR",
        help="проверить только затронутое изменениями после CURSOR (номер изменения или имя "
        "курсора из таблицы cursors)",
    )
    parser.add_argument(
        "--as-of",
        metavar="ISO-DATETIME",
        type=parse_as_of,
        help="момент проверки, например 2026-11-16T15:00+03:00 (по умолчанию — сейчас)",
    )
    parser.add_argument("--json", action="store_true", help="вывести нарушения в JSON")
    parser.set_defaults(func=run)


def parse_as_of(text: str) -> datetime:
    """An ISO datetime; without an offset it is taken as UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"«{text}» — не дата и время ISO; пример: 2026-11-16T15:00+03:00"
        ) from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def resolve_cursor(conn: sqlite3.Connection, cursor: str) -> int:
    """A change id given as a number or as the name of a row in `cursors`."""
    if cursor.isdigit():
        return int(cursor)
    row = conn.execute("SELECT change_id FROM cursors WHERE name = ?", (cursor,)).fetchone()
    if row is None:
        raise UserError(
            f"Курсор «{cursor}» не найден: укажите номер изменения или имя курсора "
            "из таблицы cursors."
        )
    return row[0]


def run(args: argparse.Namespace) -> int:
    """Check, then print the open violations (table or JSON); 1 when an error is open."""
    conn = open_current(args.db)
    as_of = args.as_of or datetime.now(UTC)
    since = None if args.full else resolve_cursor(conn, args.changes_since)
    result = run_checks(conn, as_of=as_of, since_change_id=since)
    if args.json:
        print(json.dumps(result.violations, ensure_ascii=False, indent=1))
    else:
        _print_table(result.violations, timezone_name(conn))
    counts = result.counts
    output_console(stderr=True).print(
        f"Проверено классов: {result.classes} ({'полная' if result.full else 'по изменениям'}"
        f" проверка); открыто нарушений: {counts['opened']}, закрыто: {counts['closed']}, "
        f"всего открытых: {counts['open']} (из них ошибок: {counts['open_errors']})."
    )
    return 1 if result.open_errors else 0


def _print_table(violations: list[dict], timezone: str) -> None:
    """A summary by rule, then the first TABLE_LIMIT violations (errors first)."""
    console = Console()
    summary = Table(title="Открытые нарушения по правилам")
    for column in ("Правило", "Ошибок", "Предупреждений", "К сведению"):
        summary.add_column(column)
    by_rule = Counter((v["rule"], v["severity"]) for v in violations)
    for rule in sorted({rule for rule, _ in by_rule}):
        summary.add_row(rule, *(str(by_rule[(rule, s)]) for s in SEVERITY_TITLES))
    console.print(summary)
    order = sorted(violations, key=lambda v: list(SEVERITY_TITLES).index(v["severity"]))
    table = Table(title="Открытые нарушения")
    for column in ("Правило", "Важность", "Запись", "Срок (время школы)", "Что сделать"):
        table.add_column(column)
    for v in order[:TABLE_LIMIT]:
        table.add_row(
            v["rule"], SEVERITY_TITLES[v["severity"]], f"{v['record_table']} {v['record_id']}",
            labels.moment(v["due_at"], timezone), v["message"],
        )
    console.print(table)
    if len(order) > TABLE_LIMIT:
        console.print(f"… и ещё {len(order) - TABLE_LIMIT}; полный список — с ключом --json.")
