"""`ejsync import students|staff|timetable FILE.csv`: all of the file or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.importer import KINDS, ImportResult, import_file
from ejsync.importer.problems import ImportRefused, Problem


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `import` sub-command."""
    parser = subparsers.add_parser(
        "import",
        help="загрузить учеников, сотрудников или расписание из CSV-файла",
        description="Загрузка из CSV (Excel, LibreOffice, региональная система): сначала "
        "проверяются все строки; если хоть одна неверна, в базу не записывается ничего.",
    )
    parser.add_argument("kind", choices=sorted(KINDS), metavar="ЧТО",
                        help="students (ученики), staff (сотрудники) или timetable (расписание)")
    parser.add_argument("file", metavar="ФАЙЛ.csv", help="CSV-файл в UTF-8 или Windows-1251")
    parser.add_argument("--dry-run", action="store_true",
                        help="только проверить файл и показать, что будет добавлено")
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import the file and print what was added, or every bad line."""
    out, err = Console(soft_wrap=True, highlight=False), Console(
        stderr=True, soft_wrap=True, highlight=False)
    conn = open_school(args.db)
    try:
        result = import_file(conn, args.kind, Path(args.file), dry_run=args.dry_run)
    except ImportRefused as refused:
        _print_problems(out, "Замечания", "yellow", refused.notices)
        _print_problems(err, "Ошибки", "bold red", refused.problems)
        err.print(f"[bold red]{refused}[/]")
        return refused.exit_code
    finally:
        conn.close()
    _print_result(out, result)
    return 0


def _print_problems(console: Console, title: str, style: str, problems: list[Problem]) -> None:
    if not problems:
        return
    console.print(f"[{style}]{title}:[/]")
    for problem in problems:
        console.print(f"  {problem}", markup=False)


def _print_result(console: Console, result: ImportResult) -> None:
    console.print(
        f"Файл {result.path}: {result.kind.title}, строк с данными {result.rows}, "
        f"кодировка {result.encoding}, разделитель — {result.delimiter}.", markup=False)
    _print_problems(console, "Замечания", "yellow", result.notices)
    table = Table(title="Проверка без записи (--dry-run): будет добавлено" if result.dry_run
                  else "Загружено")
    table.add_column("Данные")
    table.add_column("Добавлено", justify="right")
    table.add_column("Уже есть, пропущено", justify="right")
    for name in result.kind.tables:
        table.add_row(name, str(result.added[name]), str(result.skipped[name]))
    console.print(table)
    if result.dry_run:
        console.print("[bold]Файл верен. В базу ничего не записано (--dry-run).[/]")
    elif not result.added:
        console.print("Новых записей нет: всё из файла уже есть в базе.")
