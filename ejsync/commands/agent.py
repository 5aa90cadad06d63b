"""`ejsync agent`: watch the database; check the rules, rebuild diaries, print what is due."""

from __future__ import annotations

import argparse
from pathlib import Path

from ejsync.agent import DEFAULT_INTERVAL, run_agent
from ejsync.commands._common import add_db_argument
from ejsync.commands._database import check_database
from ejsync.commands.build import DEFAULT_OUT, add_out_and_today
from ejsync.config import DEFAULT_ARCHIVE
from ejsync.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `agent` sub-command."""
    parser = subparsers.add_parser(
        "agent", help="следить за базой: проверки, дневники, печать по расписанию",
        description="Следит за файлом базы данных; после каждой записи читает журнал изменений, "
                    "проверяет записи по регламенту и пересобирает дневники только затронутых "
                    "учеников; по таймеру ищет просроченное и печатает издания, срок которых "
                    "наступил. Останавливается по SIGTERM или Ctrl-C, после сбоя продолжает с "
                    "сохранённой позиции.",
    )
    add_db_argument(parser)
    add_out_and_today(parser, DEFAULT_OUT)
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL, metavar="S",
                        help=f"период проверок по времени, с (по умолчанию {DEFAULT_INTERVAL:g})")
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE, metavar="DIR",
                        help=f"корень архива печатных изданий (по умолчанию {DEFAULT_ARCHIVE})")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="сколько процессов собирают страницы (по умолчанию — по числу ядер;"
                             " 1 — в самом агенте)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run until stopped."""
    if args.interval <= 0:
        raise UserError("Период --interval должен быть больше нуля секунд.")
    if args.jobs is not None and args.jobs < 1:
        raise UserError("Число процессов --jobs должно быть не меньше 1.")
    check_database(args.db, current=True)
    run_agent(args.db, args.out, interval=args.interval, today=args.today,
              archive_dir=args.archive, jobs=args.jobs)
    return 0
