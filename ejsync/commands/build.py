"""`ejsync build`: build the students' diary pages."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ejsync.commands._common import add_db_argument
from ejsync.commands._database import open_school
from ejsync.diary import BuildReport, build_diaries, incremental_build, last_change_id
from ejsync.diary.build import default_jobs
from ejsync.errors import UserError
from ejsync.store.clock import school_today

DEFAULT_OUT = Path("build") / "diary"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `build` sub-command."""
    parser = subparsers.add_parser(
        "build", help="собрать страницы дневников учеников",
        description="Собирает статические страницы дневников. Без ключей пересобирает только "
                    "дневники, затронутые изменениями в журнале после прошлой сборки.",
    )
    add_db_argument(parser)
    add_out_and_today(parser, DEFAULT_OUT)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--full", action="store_true",
                       help="пересобрать дневники всех учеников заново (в том числе повреждённые"
                            " страницы); неизменившиеся страницы не перезаписываются")
    which.add_argument("--students", type=int, nargs="+", metavar="ID",
                       help="пересобрать дневники только этих учеников (по id)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help="сколько процессов собирают большую сборку (по умолчанию — по числу"
                             " ядер)")
    parser.set_defaults(func=run)


def add_out_and_today(parser: argparse.ArgumentParser, default_out: Path) -> None:
    """`--out DIR` and `--today DATE`, shared with the agent."""
    parser.add_argument("--out", type=Path, default=default_out, metavar="DIR",
                        help=f"каталог дневников (по умолчанию {default_out})")
    parser.add_argument("--today", type=parse_date, metavar="ГГГГ-ММ-ДД",
                        help="дата, на которую собирать (по умолчанию сегодня по времени школы)")


def parse_date(text: str) -> date:
    """A date given on the command line."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"дата должна быть в виде ГГГГ-ММ-ДД: {text!r}") from exc


def run(args: argparse.Namespace) -> int:
    """Build and say what was done."""
    conn = open_school(args.db)
    today = args.today or school_today(conn)
    console = Console()
    with Progress(TextColumn("дневники"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("build", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            if args.students:
                report = build_diaries(conn, args.out, today=today, student_ids=set(args.students),
                                       reason="выбранные ученики", progress=progress)
            elif args.full:
                report = build_diaries(conn, args.out, today=today,
                                       covers_change_id=last_change_id(conn), force=True,
                                       jobs=args.jobs,
                                       reason="полная сборка", progress=progress)
            else:
                report = incremental_build(conn, args.out, today=today, progress=progress,
                                           jobs=args.jobs)
        except LookupError as exc:
            raise UserError("В базе нет учебного года: загрузите календарь года.") from exc
    console.print(describe(report, args.out))
    return 0


def describe(report: BuildReport, out: Path) -> str:
    """One Russian line about a build."""
    per_page = report.seconds * 1000 / report.pages_rendered if report.pages_rendered else 0
    return (f"{report.reason}: учеников {report.students}, страниц собрано {report.pages_rendered},"
            f" записано {report.pages_written}, без изменений {report.pages_unchanged},"
            f" удалено {report.pages_removed}; {report.seconds:.2f} с"
            f" ({per_page:.2f} мс на страницу) → {out}")
