"""`ejsync doctor`: check the installation and say what to fix."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from ejsync.commands._common import add_db_argument, output_console
from ejsync.commands.storage import add_storage_argument
from ejsync.config import DEFAULT_ARCHIVE
from ejsync.doctor import run_checks, verdict
from ejsync.services import Layout, Ports


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `doctor` sub-command."""
    parser = subparsers.add_parser("doctor", help="проверить установку: база, ключи, каталоги, "
                                                  "серверы")
    add_db_argument(parser)
    ports = Ports()
    parser.add_argument("--staff-url", default=ports.url(ports.staff) + "/staff/login")
    parser.add_argument("--gate-url", default=ports.url(ports.gate) + "/login")
    parser.add_argument("--site-url", default=ports.url(ports.site) + "/")
    parser.add_argument("--diary", type=Path, default=Layout(Path()).diary)
    parser.add_argument("--site", type=Path, default=Layout(Path()).site)
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    add_storage_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print every check; exit 1 when a required one failed, 2 when only warnings remain."""
    checks = run_checks(
        args.db,
        {"Каталог дневников": args.diary, "Каталог сайта": args.site,
         "Архив изданий": args.archive},
        {"Журнал для сотрудников": args.staff_url, "Дневник для семей": args.gate_url,
         "Сайт школы": args.site_url},
        args.storage,
    )
    table = Table(title="ejsync doctor")
    for column in ("", "что", "подробности"):
        table.add_column(column)
    for check in checks:
        mark = "[green]✓[/]" if check.ok else ("[red]✗[/]" if check.required else "[yellow]![/]")
        table.add_row(mark, check.title, check.detail)
    console = output_console()
    console.print(table)
    line, code = verdict(checks)
    console.print(line)
    return code

